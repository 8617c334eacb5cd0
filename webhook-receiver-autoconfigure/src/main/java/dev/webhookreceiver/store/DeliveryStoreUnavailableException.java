package dev.webhookreceiver.store;

import org.jspecify.annotations.Nullable;

/**
 * The delivery store could not be reached: nothing was processed, the sender should retry.
 */
public class DeliveryStoreUnavailableException extends RuntimeException {

	public DeliveryStoreUnavailableException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
