package dev.webhookreceiver.autoconfigure;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.webhookreceiver.dispatch.WebhookHandlerMethod;
import dev.webhookreceiver.dispatch.WebhookHandlerRegistry;
import dev.webhookreceiver.process.ProcessingMode;
import dev.webhookreceiver.process.ProcessingSettings;
import dev.webhookreceiver.web.ReceivingEndpoint;
import dev.webhookreceiver.web.WebhookEndpoints;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Logs one INFO line per endpoint once the handlers are known: its name, path, provider,
 * mode, how many secrets it has (never the secrets) and its handlers.
 * <p>
 * Registered after the handler method processor, so that it runs once the handlers are
 * registered.
 */
class WebhookEndpointsStartupLog implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(WebhookEndpointsStartupLog.class);

	private final WebhookEndpoints endpoints;

	private final WebhookHandlerRegistry registry;

	WebhookEndpointsStartupLog(WebhookEndpoints endpoints, WebhookHandlerRegistry registry) {
		this.endpoints = endpoints;
		this.registry = registry;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (!logger.isInfoEnabled()) {
			return;
		}
		for (ReceivingEndpoint endpoint : this.endpoints.all()) {
			logger.info(describe(endpoint));
		}
	}

	String describe(ReceivingEndpoint endpoint) {
		List<String> handlers = this.registry.handlersOf(endpoint.name())
			.stream()
			.map(WebhookHandlerMethod::toString)
			.toList();
		int secrets = endpoint.settings().secrets().size();
		String resolved = endpoint.settings().resolvesSecrets() ? " and the WebhookSecretResolver's" : "";
		String sources = endpoint.allowedSources().any() ? ""
				: "allowed sources " + endpoint.allowedSources() + ", ";
		return "Webhook endpoint '" + endpoint.name() + "': POST " + endpoint.path() + ", provider "
				+ endpoint.provider().name() + ", " + mode(endpoint.processing()) + ", " + secrets
				+ ((secrets == 1) ? " secret" : " secrets") + resolved + ", " + sources + handlers.size() + ((handlers.size() == 1) ? " handler" : " handlers")
				+ (handlers.isEmpty() ? " (deliveries are recorded and answered 'ignored')" : " " + handlers);
	}

	private static String mode(ProcessingSettings processing) {
		if (processing.mode() == ProcessingMode.ASYNC) {
			return "async (" + processing.maxAttempts() + " attempts)";
		}
		return processing.retryFailed() ? "sync, failures retried (" + processing.maxAttempts() + " attempts)" : "sync";
	}

}
