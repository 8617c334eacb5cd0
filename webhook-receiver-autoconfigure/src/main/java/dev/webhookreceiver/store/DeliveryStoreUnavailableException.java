package dev.webhookreceiver.store;

/**
 * The delivery store could not be reached: nothing was processed, the sender should retry.
 */
public class DeliveryStoreUnavailableException extends RuntimeException {

	public DeliveryStoreUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
