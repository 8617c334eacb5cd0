package dev.webhookreceiver.web;

/**
 * The bodies already in flight leave no room for another one in
 * {@code webhook.receiver.max-in-flight}; the delivery is refused before its body is read.
 */
class ReceiverBusyException extends Exception {

	ReceiverBusyException(String message) {
		super(message, null, false, false);
	}

}
