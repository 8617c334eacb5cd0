package dev.webhookreceiver.web;

import java.lang.reflect.Method;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Maps {@link WebhookController#receive(HttpServletRequest)} to the path of every configured
 * endpoint, POST only, in Spring MVC's own {@link RequestMappingHandlerMapping}: other methods
 * get Spring's 405, other paths its 404. A request to an endpoint's path may still go elsewhere:
 * to the application's own mapping of a path that an endpoint's path template matches too
 * ({@code /webhooks/settings} under {@code /webhooks/{tenant}}), which Spring MVC prefers as the
 * more specific one; {@link #routesToReceiver} tells which.
 */
public class WebhookEndpointMappings implements SmartInitializingSingleton {

	private static final Method RECEIVE = ReflectionUtils.findMethod(WebhookController.class, "receive",
			HttpServletRequest.class);

	private final RequestMappingHandlerMapping handlerMapping;

	private final WebhookController controller;

	private final WebhookEndpoints endpoints;

	public WebhookEndpointMappings(RequestMappingHandlerMapping handlerMapping, WebhookController controller,
			WebhookEndpoints endpoints) {
		this.handlerMapping = handlerMapping;
		this.controller = controller;
		this.endpoints = endpoints;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (ReceivingEndpoint endpoint : this.endpoints.all()) {
			RequestMappingInfo mapping = RequestMappingInfo.paths(endpoint.path())
				.methods(RequestMethod.POST)
				.options(this.handlerMapping.getBuilderConfiguration())
				.build();
			this.handlerMapping.registerMapping(mapping, this.controller, RECEIVE);
		}
	}

	/**
	 * Whether Spring MVC routes a request to the receiver, rather than to another of the
	 * handler mapping's mappings. Asked before the request reaches Spring MVC (by the security
	 * that permits deliveries without login), it leaves the request's attributes as they were.
	 * @param request the request
	 * @return whether the receiver would receive it; {@code false} also when the mapping cannot
	 * tell (an ambiguous or unsupported request)
	 */
	public boolean routesToReceiver(HttpServletRequest request) {
		HttpServletRequest lookup = new IsolatedAttributesRequest(request);
		ServletRequestPathUtils.parseAndCache(lookup);
		HandlerExecutionChain chain;
		try {
			chain = this.handlerMapping.getHandler(lookup);
		}
		catch (Exception ex) {
			return false;
		}
		return chain != null && chain.getHandler() instanceof HandlerMethod handlerMethod
				&& handlerMethod.getBean() == this.controller;
	}

	/**
	 * A request whose attributes, read from the request it wraps, are changed in a copy of its
	 * own: the handler mapping's lookup leaves no trace on the request.
	 */
	private static final class IsolatedAttributesRequest extends HttpServletRequestWrapper {

		private final Map<String, Object> attributes = new HashMap<>();

		IsolatedAttributesRequest(HttpServletRequest request) {
			super(request);
			request.getAttributeNames()
				.asIterator()
				.forEachRemaining((name) -> this.attributes.put(name, request.getAttribute(name)));
		}

		@Override
		public @Nullable Object getAttribute(String name) {
			return this.attributes.get(name);
		}

		@Override
		public Enumeration<String> getAttributeNames() {
			return Collections.enumeration(this.attributes.keySet());
		}

		@Override
		public void setAttribute(String name, @Nullable Object value) {
			if (value == null) {
				this.attributes.remove(name);
			}
			else {
				this.attributes.put(name, value);
			}
		}

		@Override
		public void removeAttribute(String name) {
			this.attributes.remove(name);
		}

	}

}
