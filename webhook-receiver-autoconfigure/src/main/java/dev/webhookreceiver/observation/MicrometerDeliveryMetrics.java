package dev.webhookreceiver.observation;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * {@link DeliveryMetrics} as the Micrometer counter {@code webhook.deliveries}, tagged
 * {@code endpoint}, {@code event} and {@code outcome}.
 * <p>
 * The event type comes from the sender, and some senders do not sign it (GitHub's
 * {@code X-GitHub-Event} header, an endpoint with the {@code none} provider): each new value
 * would be a new counter, kept for the life of the process. So each endpoint's first
 * {@value #MAX_EVENT_TYPES} event types are counted apart, and the deliveries of any other
 * share the tag value {@value #OTHER_EVENT_TYPES}, with a warning logged once per endpoint.
 */
public class MicrometerDeliveryMetrics implements DeliveryMetrics {

	/** The name of the counter. */
	public static final String DELIVERIES = "webhook.deliveries";

	/** The most event types of one endpoint that get an {@code event} tag value of their own. */
	public static final int MAX_EVENT_TYPES = 100;

	/** The {@code event} tag value of the event types past {@link #MAX_EVENT_TYPES}. */
	public static final String OTHER_EVENT_TYPES = "other";

	private static final Log logger = LogFactory.getLog(MicrometerDeliveryMetrics.class);

	private final Meter.MeterProvider<Counter> deliveries;

	private final Map<String, Set<String>> eventTypes = new ConcurrentHashMap<>();

	private final Set<String> endpointsPastTheLimit = ConcurrentHashMap.newKeySet();

	public MicrometerDeliveryMetrics(MeterRegistry registry) {
		// Built once: each delivery then only looks its counter up by its tags.
		this.deliveries = Counter.builder(DELIVERIES)
			.description("Webhook deliveries received, by endpoint, event type and outcome")
			.withRegistry(registry);
	}

	@Override
	public void record(String endpoint, String eventType, DeliveryOutcome outcome) {
		this.deliveries.withTags("endpoint", endpoint, "event", eventTag(endpoint, eventType), "outcome",
				outcome.tagValue())
			.increment();
	}

	private String eventTag(String endpoint, String eventType) {
		Set<String> seen = this.eventTypes.computeIfAbsent(endpoint, (name) -> ConcurrentHashMap.newKeySet());
		if (seen.contains(eventType)) {
			return eventType;
		}
		// Concurrent first deliveries of new types may pass the limit by a few, never more.
		if (seen.size() < MAX_EVENT_TYPES) {
			seen.add(eventType);
			return eventType;
		}
		if (this.endpointsPastTheLimit.add(endpoint)) {
			logger.warn("Webhook endpoint '" + endpoint + "' received more than " + MAX_EVENT_TYPES
					+ " event types; the webhook.deliveries counter counts the deliveries of any other event type, "
					+ "such as '" + eventType + "', with event=" + OTHER_EVENT_TYPES
					+ ". Its senders may send event types that nobody signs (GitHub's X-GitHub-Event header, "
					+ "an endpoint without a signature)");
		}
		return OTHER_EVENT_TYPES;
	}

}
