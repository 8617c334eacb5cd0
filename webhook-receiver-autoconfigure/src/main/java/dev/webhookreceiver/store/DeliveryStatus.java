package dev.webhookreceiver.store;

/**
 * Where a recorded delivery stands.
 */
public enum DeliveryStatus {

	/** Stored durably, not yet processed (async mode). */
	RECEIVED,

	/** Claimed by a worker or request that is running its handlers now. */
	PROCESSING,

	/** Its handlers completed. A redelivery is a duplicate. */
	PROCESSED,

	/** No handler matched. A redelivery is a duplicate. */
	IGNORED,

	/** A handler threw. A redelivery or retry runs the handlers again. */
	FAILED,

	/** Failed too often (async mode); stays until replayed or deleted. */
	DEAD;

	/**
	 * Whether a delivery in this status is done, so that a redelivery is a duplicate.
	 * @return whether the status is final for redeliveries
	 */
	public boolean isCompleted() {
		return this == PROCESSED || this == IGNORED;
	}

}
