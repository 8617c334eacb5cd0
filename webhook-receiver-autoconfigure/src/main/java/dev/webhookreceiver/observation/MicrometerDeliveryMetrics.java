package dev.webhookreceiver.observation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@link DeliveryMetrics} as the Micrometer counter {@code webhook.deliveries}, tagged
 * {@code endpoint}, {@code event} and {@code outcome}.
 */
public class MicrometerDeliveryMetrics implements DeliveryMetrics {

	/** The name of the counter. */
	public static final String DELIVERIES = "webhook.deliveries";

	private final MeterRegistry registry;

	public MicrometerDeliveryMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void record(String endpoint, String eventType, DeliveryOutcome outcome) {
		Counter.builder(DELIVERIES)
			.description("Webhook deliveries received, by endpoint, event type and outcome")
			.tag("endpoint", endpoint)
			.tag("event", eventType)
			.tag("outcome", outcome.tagValue())
			.register(this.registry)
			.increment();
	}

}
