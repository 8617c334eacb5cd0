package dev.webhookreceiver.dispatch;

import org.jspecify.annotations.Nullable;

/**
 * The body of an authentic delivery cannot be bound to the type a handler asked for: it is not
 * valid JSON or form data, or it does not fit the type. The delivery is malformed; no handler
 * ran.
 */
public class PayloadBindingException extends RuntimeException {

	/**
	 * Creates an exception.
	 * @param message what could not be bound, safe to show to the sender
	 * @param cause the parser's exception
	 */
	public PayloadBindingException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
