package dev.webhookreceiver.store;

/**
 * Records deliveries so that each is processed once: the store SPI.
 * <p>
 * A request {@linkplain #claim(NewDelivery) claims} a delivery, runs its handlers and
 * {@linkplain #complete(DeliveryClaim, DeliveryStatus) completes} the claim, all in one
 * transaction: one commit per new delivery, and a crash at any point before that commit leaves
 * nothing behind, so the sender's retry finds the delivery new again. Exactly one of several
 * concurrent copies (also on other instances sharing the database) acquires a delivery: the
 * others wait, bounded, for the owner's transaction to end and are then answered from its
 * outcome. If the handlers fail, their transaction rolls back with the claim, and the failure
 * is {@linkplain #fail(DeliveryClaim, Throwable) recorded} in a transaction of its own.
 * <p>
 * Called without a transaction, {@link #claim(NewDelivery)} commits the claim on its own, so
 * that it is visible to others while the handlers run in a later transaction; it then lasts
 * for the store's lease, after which another copy may take the delivery over.
 */
public interface DeliveryStore {

	/**
	 * Claims a delivery, joining the caller's transaction if there is one, or in a transaction
	 * of its own that is committed on return.
	 * @param delivery the verified delivery
	 * @return whether the caller acquired the delivery, or why not
	 * @throws DeliveryStoreUnavailableException if the store cannot be reached
	 */
	DeliveryClaim claim(NewDelivery delivery);

	/**
	 * Records a delivery that no handler wants as {@link DeliveryStatus#IGNORED}: claims it
	 * and completes the claim at once, in a transaction of its own. A delivery recorded before
	 * is answered as by {@link #claim(NewDelivery)}.
	 * @param delivery the verified delivery
	 * @return the claim, acquired (and now completed) if the delivery was new or failed before
	 * @throws DeliveryStoreUnavailableException if the store cannot be reached
	 */
	default DeliveryClaim ignore(NewDelivery delivery) {
		DeliveryClaim claim = claim(delivery);
		if (claim.acquired()) {
			complete(claim, DeliveryStatus.IGNORED);
		}
		return claim;
	}

	/**
	 * Marks an acquired delivery completed, joining the caller's transaction so that the mark
	 * commits or rolls back with the handlers' own writes.
	 * @param claim the acquired claim
	 * @param status {@link DeliveryStatus#PROCESSED} or {@link DeliveryStatus#IGNORED}
	 * @throws DeliveryClaimLostException if the claim's lease expired and another worker took
	 * the delivery over
	 */
	void complete(DeliveryClaim claim, DeliveryStatus status);

	/**
	 * Records that an acquired attempt failed, in a transaction of its own after the handlers'
	 * transaction rolled back, so that a redelivery or a retry runs the handlers again. If the
	 * claim rolled back with the handlers, the delivery is recorded as failed anew; if another
	 * copy claimed it since, the record is left to that copy.
	 * @param claim the acquired claim
	 * @param error what the handler threw
	 */
	void fail(DeliveryClaim claim, Throwable error);

}
