package dev.webhookreceiver.web;

/**
 * A request body could not be read to its end: the connection ended before the body was
 * complete, or its chunked transfer encoding is not valid.
 */
class IncompleteBodyException extends Exception {

	IncompleteBodyException(String message) {
		super(message, null, false, false);
	}

}
