package dev.webhookreceiver.dispatch;

import org.jspecify.annotations.Nullable;

import dev.webhookreceiver.WebhookEvent;
import dev.webhookreceiver.WebhookHeader;

import org.springframework.core.MethodParameter;

/**
 * Resolves {@link WebhookHeader @WebhookHeader} {@code String} parameters to the first value of
 * the header.
 */
final class WebhookHeaderArgumentResolver implements WebhookArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.hasParameterAnnotation(WebhookHeader.class) && parameter.getParameterType() == String.class;
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, WebhookEvent event) {
		WebhookHeader header = parameter.getParameterAnnotation(WebhookHeader.class);
		if (header == null) {
			throw new IllegalStateException("No @WebhookHeader on " + parameter);
		}
		String value = event.headers().getFirst(header.value());
		if (value == null && header.required()) {
			throw new IllegalStateException("Required header '" + header.value() + "' is missing");
		}
		return value;
	}

}
