package dev.webhookreceiver.dispatch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The dispatch beans as the auto-configuration wires them, with a binder that counts how often
 * it binds each type and a log of handler invocations. Configured endpoints come from
 * {@code test.endpoints} (default: {@code orders, github, twilio}), those processed
 * asynchronously from {@code test.async-endpoints} (default: none).
 */
@Configuration(proxyBeanMethods = false)
class DispatchTestConfiguration {

	@Bean
	CountingPayloadBinder payloadBinder() {
		return new CountingPayloadBinder(JsonMapper.builder().build());
	}

	@Bean
	WebhookHandlerRegistry webhookHandlerRegistry() {
		return new WebhookHandlerRegistry();
	}

	@Bean
	WebhookHandlerMethodProcessor webhookHandlerMethodProcessor(WebhookHandlerRegistry registry, PayloadBinder binder,
			Environment environment) {
		String[] endpoints = environment.getProperty("test.endpoints", String[].class,
				new String[] { "orders", "github", "twilio" });
		String[] async = environment.getProperty("test.async-endpoints", String[].class, new String[0]);
		return new WebhookHandlerMethodProcessor(registry, Set.of(endpoints), Set.of(async), binder);
	}

	@Bean
	WebhookDispatcher webhookDispatcher(WebhookHandlerRegistry registry, PayloadBinder binder) {
		return new WebhookDispatcher(registry, binder);
	}

	@Bean
	Invocations invocations() {
		return new Invocations();
	}

	/**
	 * What handlers were called, in order, and with which arguments.
	 */
	static class Invocations {

		private final List<String> handlers = Collections.synchronizedList(new ArrayList<>());

		private final Map<String, List<@Nullable Object>> arguments = new ConcurrentHashMap<>();

		void add(String handler, @Nullable Object... arguments) {
			this.handlers.add(handler);
			this.arguments.put(handler, Arrays.asList(arguments));
		}

		List<String> handlers() {
			return List.copyOf(this.handlers);
		}

		List<@Nullable Object> arguments(String handler) {
			return this.arguments.getOrDefault(handler, List.of());
		}

	}

}
