package dev.webhookreceiver.store;

import org.jspecify.annotations.Nullable;

/**
 * The answer of {@link DeliveryStore#claim(NewDelivery)}: whether the caller may run the
 * handlers of a delivery.
 *
 * @param delivery the delivery claimed
 * @param state what the store found
 * @param recordId the id of the delivery's record, or {@code 0} when another transaction held
 * the record for longer than the claim waits
 * @param attempt the number of this attempt (1 for the first), when acquired
 * @param status the recorded status, when not acquired; when acquired, the status the record
 * was inserted with in the caller's transaction, to commit with it (then completing the claim
 * with that status writes nothing more), or {@code null}
 */
public record DeliveryClaim(NewDelivery delivery, State state, long recordId, int attempt, @Nullable DeliveryStatus status) {

	/**
	 * Whether the caller now owns the delivery and must run its handlers.
	 * @return whether the claim was acquired
	 */
	public boolean acquired() {
		return this.state == State.ACQUIRED;
	}

	/**
	 * What the store found when claiming.
	 */
	public enum State {

		/** The caller owns the delivery: new, failed before, or its previous lease expired. */
		ACQUIRED,

		/** The delivery was completed before: a redelivery. */
		DUPLICATE,

		/**
		 * Another request or worker is processing the delivery right now, or holds its record
		 * in a transaction that did not end within the time a claim waits.
		 */
		IN_PROGRESS

	}

}
