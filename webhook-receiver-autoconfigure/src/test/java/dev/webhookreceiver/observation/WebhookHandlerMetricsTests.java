package dev.webhookreceiver.observation;

import java.nio.charset.StandardCharsets;

import ch.qos.logback.classic.Level;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import dev.webhookreceiver.LogCapture;
import dev.webhookreceiver.WebhookHandler;
import dev.webhookreceiver.autoconfigure.WebhookDeliveryStoreAutoConfiguration;
import dev.webhookreceiver.autoconfigure.WebhookReceiverAutoConfiguration;
import dev.webhookreceiver.dispatch.WebhookDispatcher;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests that the auto-configured dispatcher's handler observations become {@code webhook.handler}
 * timers with Spring Boot's Micrometer auto-configuration.
 */
class WebhookHandlerMetricsTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebhookReceiverAutoConfiguration.class,
				WebhookDeliveryStoreAutoConfiguration.class, DataSourceAutoConfiguration.class,
				HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class,
				JacksonAutoConfiguration.class, WebMvcAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class))
		.withPropertyValues("spring.datasource.generate-unique-name=true",
				"webhook.receiver.endpoints.orders.provider=github",
				"webhook.receiver.endpoints.orders.secret=test-only-secret")
		.withBean(OrderHandlers.class);

	private final WebApplicationContextRunner micrometerContextRunner = this.contextRunner
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class));

	@Test
	void timesEveryHandlerTaggedWithEndpointEventHandlerAndError() {
		this.micrometerContextRunner.run((context) -> {
			dispatch(context, "order.created");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("webhook.handler").timers()).hasSize(2);
			Timer first = meters.get("webhook.handler")
				.tags("endpoint", "orders", "event", "order.created", "handler", "OrderHandlers.first()", "exception",
						"none", "error", "none")
				.timer();
			assertThat(first.count()).isOne();
			assertThat(first.getId().getTags()).hasSize(5);
			assertThat(meters.get("webhook.handler").tag("handler", "OrderHandlers.second()").timer().count())
				.isOne();
			assertThat(meters.get("webhook.handler.active").longTaskTimers()).hasSize(2)
				.allSatisfy((active) -> assertThat(active.activeTasks()).isZero());
		});
	}

	@Test
	void leavesOutTheLongTaskTimerWhenIgnored() {
		this.micrometerContextRunner
			.withPropertyValues("management.metrics.observations.ignored-meters=long-task-timer")
			.run((context) -> {
				dispatch(context, "order.created");
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.find("webhook.handler").timers()).hasSize(2);
				assertThat(meters.find("webhook.handler.active").meters()).isEmpty();
			});
	}

	@Test
	void observesNothingWhenTheObservationIsDisabled() {
		this.micrometerContextRunner.withPropertyValues("management.observations.enable.webhook.handler=false")
			.run((context) -> {
				assertThat(dispatch(context, "order.created")).isEqualTo(2);
				assertThat(context.getBean(MeterRegistry.class).find("webhook.handler").meters()).isEmpty();
			});
	}

	@Test
	void tagsTheErrorOfAHandlerThatThrows() {
		this.micrometerContextRunner.run((context) -> {
			assertThatIllegalStateException().isThrownBy(() -> dispatch(context, "order.refused"));
			assertThat(context.getBean(MeterRegistry.class)
				.get("webhook.handler")
				.tags("endpoint", "orders", "event", "order.refused", "handler", "OrderHandlers.refuse()", "exception",
						"IllegalStateException", "error", "IllegalStateException")
				.timer()
				.count()).isOne();
		});
	}

	@Test
	void usesAConventionBeanInsteadOfTheDefault() {
		this.micrometerContextRunner.withBean(TenantConvention.class).run((context) -> {
			dispatch(context, "order.created");
			assertThat(context.getBean(MeterRegistry.class)
				.get("webhook.handler")
				.tags("tenant", "acme", "endpoint", "orders", "error", "none")
				.timers()).hasSize(2);
		});
	}

	@Test
	void timesAHandlerOfAnyEventTypeForAtMostOneHundredEventTypes() {
		this.micrometerContextRunner.withBean(AnyEventHandler.class).run((context) -> {
			try (LogCapture logs = LogCapture.of(EventTypeLimitMeterFilter.class)) {
				for (int i = 0; i < 150; i++) {
					assertThat(dispatch(context, "made-up-" + i)).isOne();
				}
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("webhook.handler").tag("handler", "AnyEventHandler.onAny()").timers())
					.hasSize(MicrometerDeliveryMetrics.MAX_EVENT_TYPES);
				assertThat(meters.find("webhook.handler").tag("event", "made-up-120").timers()).isEmpty();
				assertThat(logs.messages(Level.WARN)).singleElement()
					.asString()
					.contains("have reached 100 values of their event tag", "'made-up-100'");
			}
		});
	}

	@Test
	void observesNothingWithoutAnObservationRegistry() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(ObservationRegistry.class);
			assertThat(context.getBean(WebhookDispatcher.class)).extracting("observationRegistry")
				.isSameAs(ObservationRegistry.NOOP);
			assertThat(dispatch(context, "order.created")).isEqualTo(2);
		});
	}

	private static int dispatch(AssertableWebApplicationContext context, String eventType) {
		assertThat(context).hasNotFailed();
		WebhookDispatcher dispatcher = context.getBean(WebhookDispatcher.class);
		return dispatcher.dispatch(dispatcher.event("orders", "d-1", eventType, null, new HttpHeaders(),
				"{}".getBytes(StandardCharsets.UTF_8)));
	}

	static class OrderHandlers {

		@Order(1)
		@WebhookHandler(endpoint = "orders", event = "order.created")
		void first() {
		}

		@Order(2)
		@WebhookHandler(endpoint = "orders", event = "order.created")
		void second() {
		}

		@WebhookHandler(endpoint = "orders", event = "order.refused")
		void refuse() {
			throw new IllegalStateException("Refused");
		}

	}

	static class AnyEventHandler {

		@WebhookHandler(endpoint = "orders", event = "*")
		void onAny() {
		}

	}

	static class TenantConvention extends DefaultWebhookHandlerObservationConvention {

		@Override
		public KeyValues getLowCardinalityKeyValues(WebhookHandlerObservationContext context) {
			return super.getLowCardinalityKeyValues(context).and("tenant", "acme");
		}

	}

}
