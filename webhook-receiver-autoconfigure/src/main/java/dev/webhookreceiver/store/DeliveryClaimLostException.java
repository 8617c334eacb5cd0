package dev.webhookreceiver.store;

/**
 * A claim's lease expired while its handlers ran and another request or worker took the
 * delivery over; the work of this attempt must be rolled back.
 */
public class DeliveryClaimLostException extends RuntimeException {

	public DeliveryClaimLostException(String message) {
		super(message);
	}

}
