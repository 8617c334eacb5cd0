package dev.webhookreceiver.web;

/**
 * A request body did not arrive within {@code webhook.receiver.read-timeout}.
 */
class BodyReadTimeoutException extends Exception {

	BodyReadTimeoutException(String message) {
		super(message, null, false, false);
	}

}
