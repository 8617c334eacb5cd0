package dev.webhookreceiver.web;

import java.lang.reflect.Method;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Maps {@link WebhookController#receive(HttpServletRequest)} to the path of every configured
 * endpoint, POST only, in Spring MVC's own {@link RequestMappingHandlerMapping}: other methods
 * get Spring's 405, other paths its 404.
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

}
