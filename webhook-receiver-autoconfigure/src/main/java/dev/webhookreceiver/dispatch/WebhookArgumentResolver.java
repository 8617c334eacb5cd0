package dev.webhookreceiver.dispatch;

import org.jspecify.annotations.Nullable;

import dev.webhookreceiver.WebhookEvent;

import org.springframework.core.MethodParameter;

/**
 * Resolves one kind of handler method parameter from a delivery. A resolver is chosen for each
 * parameter once, at startup; {@link #resolveArgument} is then called for every delivery.
 */
interface WebhookArgumentResolver {

	/**
	 * Whether this resolver resolves the given parameter.
	 * @param parameter a handler method parameter
	 * @return whether it is supported
	 */
	boolean supportsParameter(MethodParameter parameter);

	/**
	 * Resolves a supported parameter.
	 * @param parameter the parameter, previously accepted by {@link #supportsParameter}
	 * @param event the delivery
	 * @return the argument
	 */
	@Nullable Object resolveArgument(MethodParameter parameter, WebhookEvent event);

}
