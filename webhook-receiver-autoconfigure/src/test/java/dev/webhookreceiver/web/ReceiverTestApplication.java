package dev.webhookreceiver.web;

import java.lang.reflect.Type;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.webhookreceiver.dispatch.PayloadBinder;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;

/**
 * An application with three endpoints (github, stripe, orders) and {@link ShopHandlers}, on a
 * fixed clock.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(ShopHandlers.class)
class ReceiverTestApplication {

	/** Imports the endpoints and settings of this application. */
	static final String PROPERTIES = "spring.config.import=classpath:receiver-test.properties";

	@Bean
	Clock clock() {
		return Clock.fixed(TestDeliveries.NOW, ZoneOffset.UTC);
	}

	@Bean
	CountingPayloadBinder payloadBinder(JsonMapper jsonMapper) {
		return new CountingPayloadBinder(jsonMapper);
	}

	/**
	 * Counts how often a body is parsed, by type.
	 */
	static class CountingPayloadBinder extends PayloadBinder {

		private final Map<Type, AtomicInteger> bindings = new ConcurrentHashMap<>();

		CountingPayloadBinder(JsonMapper jsonMapper) {
			super(jsonMapper);
		}

		@Override
		public Object bind(byte[] body, @Nullable MediaType contentType, Type targetType) {
			this.bindings.computeIfAbsent(targetType, (type) -> new AtomicInteger()).incrementAndGet();
			return super.bind(body, contentType, targetType);
		}

		int bindings(Type type) {
			AtomicInteger count = this.bindings.get(type);
			return (count != null) ? count.get() : 0;
		}

		void reset() {
			this.bindings.clear();
		}

	}

}
