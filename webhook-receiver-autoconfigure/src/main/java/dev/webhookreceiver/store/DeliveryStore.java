package dev.webhookreceiver.store;

/**
 * Records deliveries so that each is processed once: the store SPI.
 * <p>
 * A delivery is first {@linkplain #claim(NewDelivery) claimed} in a transaction of its own, so
 * that exactly one of several concurrent copies (also on other instances sharing the database)
 * acquires it. The owner then runs the handlers and {@linkplain #complete(DeliveryClaim, DeliveryStatus)
 * completes} the claim inside the handlers' transaction, or {@linkplain #fail(DeliveryClaim, Throwable)
 * fails} it after that transaction rolled back.
 */
public interface DeliveryStore {

	/**
	 * Claims a delivery, in a transaction of its own that is committed on return.
	 * @param delivery the verified delivery
	 * @return whether the caller acquired the delivery, or why not
	 * @throws DeliveryStoreUnavailableException if the store cannot be reached
	 */
	DeliveryClaim claim(NewDelivery delivery);

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
	 * Marks an acquired delivery failed, in a transaction of its own, so that a redelivery or a
	 * retry runs it again.
	 * @param claim the acquired claim
	 * @param error what the handler threw
	 */
	void fail(DeliveryClaim claim, Throwable error);

}
