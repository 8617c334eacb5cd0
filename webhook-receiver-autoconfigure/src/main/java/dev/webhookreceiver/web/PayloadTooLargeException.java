package dev.webhookreceiver.web;

/**
 * A request body is larger than {@code webhook.receiver.max-payload-size}.
 */
class PayloadTooLargeException extends Exception {

	PayloadTooLargeException(String message) {
		super(message, null, false, false);
	}

}
