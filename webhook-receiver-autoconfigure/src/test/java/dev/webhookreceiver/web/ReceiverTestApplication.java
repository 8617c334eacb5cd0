package dev.webhookreceiver.web;

import java.time.Instant;

import tools.jackson.databind.json.JsonMapper;

import dev.webhookreceiver.dispatch.CountingPayloadBinder;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * An application with three endpoints (github, stripe, orders) and {@link ShopHandlers}, on a
 * clock that stands still at {@link TestDeliveries#NOW} (or {@value #NOW}) unless a test sets it,
 * counting how often
 * a body is parsed.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(ShopHandlers.class)
class ReceiverTestApplication {

	/** Imports the endpoints and settings of this application. */
	static final String PROPERTIES = "spring.config.import=classpath:receiver-test.properties";

	/** The property that sets where the clock stands at startup, an ISO instant. */
	static final String NOW = "receiver-test.now";

	@Bean
	SettableClock clock(Environment environment) {
		String now = environment.getProperty(NOW);
		return new SettableClock((now != null) ? Instant.parse(now) : TestDeliveries.NOW);
	}

	@Bean
	CountingPayloadBinder payloadBinder(JsonMapper jsonMapper) {
		return new CountingPayloadBinder(jsonMapper);
	}

}
