package dev.webhookreceiver.dispatch;

import dev.webhookreceiver.WebhookEvent;

import org.springframework.core.MethodParameter;

/**
 * Resolves {@link WebhookEvent} parameters.
 */
final class WebhookEventArgumentResolver implements WebhookArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == WebhookEvent.class;
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, WebhookEvent event) {
		return event;
	}

}
