package dev.webhookreceiver.dispatch;

import org.jspecify.annotations.Nullable;

/**
 * A {@link dev.webhookreceiver.WebhookHandler @WebhookHandler} method could not be called, or
 * threw a checked exception (the cause). Unchecked exceptions of handlers are propagated as
 * they are. The message names the handler. The
 * {@link dev.webhookreceiver.process.DeliveryProcessor} also wraps an error that handlers threw
 * (the cause), such as an {@code AssertionError}, to record it as their failure.
 */
public class WebhookHandlerException extends RuntimeException {

	/**
	 * Creates an exception.
	 * @param message what failed, naming the handler
	 * @param cause the cause
	 */
	public WebhookHandlerException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
