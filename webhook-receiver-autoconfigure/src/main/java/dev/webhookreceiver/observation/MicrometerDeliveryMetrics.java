package dev.webhookreceiver.observation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@link DeliveryMetrics} as the Micrometer counter {@code webhook.deliveries}, tagged
 * {@code endpoint}, {@code event} and {@code outcome}.
 */
public class MicrometerDeliveryMetrics implements DeliveryMetrics {

	/** The name of the counter. */
	public static final String DELIVERIES = "webhook.deliveries";

	private final Meter.MeterProvider<Counter> deliveries;

	public MicrometerDeliveryMetrics(MeterRegistry registry) {
		// Built once: each delivery then only looks its counter up by its tags.
		this.deliveries = Counter.builder(DELIVERIES)
			.description("Webhook deliveries received, by endpoint, event type and outcome")
			.withRegistry(registry);
	}

	@Override
	public void record(String endpoint, String eventType, DeliveryOutcome outcome) {
		this.deliveries.withTags("endpoint", endpoint, "event", eventType, "outcome", outcome.tagValue()).increment();
	}

}
