package dev.webhookreceiver;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when the receiver's configuration cannot work: a missing or unusable
 * secret, an unknown provider, an invalid expression, a handler that cannot be called. Spring
 * Boot reports it as an "APPLICATION FAILED TO START" block, with its {@link #getDescription()
 * description} and {@link #getAction() action}.
 * <p>
 * Custom providers throw it from {@code WebhookProvider.validate} for settings they cannot use.
 * Neither text ever contains a secret.
 */
public class WebhookConfigurationException extends IllegalStateException {

	private final String description;

	private final String action;

	/**
	 * Creates a new instance.
	 * @param description what is wrong, naming the property, bean or method concerned
	 * @param action how to fix it
	 */
	public WebhookConfigurationException(String description, String action) {
		this(description, action, null);
	}

	/**
	 * Creates a new instance.
	 * @param description what is wrong, naming the property, bean or method concerned
	 * @param action how to fix it
	 * @param cause the failure that revealed the problem, or {@code null}
	 */
	public WebhookConfigurationException(String description, String action, @Nullable Throwable cause) {
		super(description + " " + action, cause);
		this.description = description;
		this.action = action;
	}

	/**
	 * What is wrong, naming the property, bean or method concerned.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

	/**
	 * How to fix it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
