package dev.webhookreceiver.observation;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.webhookreceiver.LogCapture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MicrometerDeliveryMetrics}.
 */
class MicrometerDeliveryMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final MicrometerDeliveryMetrics metrics = new MicrometerDeliveryMetrics(this.registry);

	@Test
	void countsDeliveriesByEndpointEventTypeAndOutcome() {
		this.metrics.record("github", "issues", DeliveryOutcome.PROCESSED);
		this.metrics.record("github", "issues", DeliveryOutcome.PROCESSED);
		this.metrics.record("github", "issues", DeliveryOutcome.DUPLICATE);
		this.metrics.record("stripe", "issues", DeliveryOutcome.PROCESSED);
		assertThat(count("github", "issues", "processed")).isEqualTo(2);
		assertThat(count("github", "issues", "duplicate")).isEqualTo(1);
		assertThat(count("stripe", "issues", "processed")).isEqualTo(1);
	}

	@Test
	void countsTheEventTypesOfAnEndpointPastTheLimitTogetherAndWarnsOnce() {
		try (LogCapture logs = LogCapture.of(MicrometerDeliveryMetrics.class)) {
			for (int i = 0; i < MicrometerDeliveryMetrics.MAX_EVENT_TYPES; i++) {
				this.metrics.record("github", "type-" + i, DeliveryOutcome.PROCESSED);
			}
			for (int i = 0; i < 1_000; i++) {
				this.metrics.record("github", "sprayed-" + i, DeliveryOutcome.IGNORED);
			}
			this.metrics.record("github", "type-7", DeliveryOutcome.PROCESSED);
			this.metrics.record("stripe", "sprayed-1", DeliveryOutcome.PROCESSED);
			assertThat(this.registry.find(MicrometerDeliveryMetrics.DELIVERIES).tag("endpoint", "github").counters())
				.hasSize(MicrometerDeliveryMetrics.MAX_EVENT_TYPES + 1);
			assertThat(count("github", MicrometerDeliveryMetrics.OTHER_EVENT_TYPES, "ignored")).isEqualTo(1_000);
			assertThat(count("github", "type-7", "processed")).isEqualTo(2);
			// the limit is per endpoint
			assertThat(count("stripe", "sprayed-1", "processed")).isEqualTo(1);
			assertThat(logs.messages(Level.WARN)).singleElement()
				.asString()
				.contains("Webhook endpoint 'github' received more than 100 event types", "'sprayed-0'",
						"event=other");
		}
	}

	private double count(String endpoint, String event, String outcome) {
		Counter counter = this.registry.find(MicrometerDeliveryMetrics.DELIVERIES)
			.tags("endpoint", endpoint, "event", event, "outcome", outcome)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

}
