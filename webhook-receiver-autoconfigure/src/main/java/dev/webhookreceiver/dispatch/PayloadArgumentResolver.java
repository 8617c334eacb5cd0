package dev.webhookreceiver.dispatch;

import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.webhookreceiver.WebhookEvent;

import org.springframework.core.GenericTypeResolver;
import org.springframework.core.MethodParameter;

/**
 * Resolves the payload parameter: an unannotated parameter of any type other than
 * {@link WebhookEvent}, bound from the body by its generic type through the event, which keeps
 * one payload per type.
 */
final class PayloadArgumentResolver implements WebhookArgumentResolver {

	private final PayloadBinder binder;

	private final Map<MethodParameter, Type> payloadTypes = new ConcurrentHashMap<>();

	PayloadArgumentResolver(PayloadBinder binder) {
		this.binder = binder;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return !parameter.hasParameterAnnotations() && parameter.getParameterType() != WebhookEvent.class;
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, WebhookEvent event) {
		Type type = this.payloadTypes.computeIfAbsent(parameter, PayloadArgumentResolver::payloadType);
		if (event instanceof DefaultWebhookEvent defaultEvent) {
			return defaultEvent.payload(type);
		}
		return this.binder.bind(event.body(), DefaultWebhookEvent.contentType(event.headers()), type);
	}

	private static Type payloadType(MethodParameter parameter) {
		return GenericTypeResolver.resolveType(parameter.getGenericParameterType(), parameter.getContainingClass());
	}

}
