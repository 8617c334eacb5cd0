package dev.webhookreceiver.observation;

/**
 * Records the outcome of every delivery.
 */
@FunctionalInterface
public interface DeliveryMetrics {

	/** The event tag of a delivery whose event type is not known (before verification). */
	String UNKNOWN_EVENT = "unknown";

	/** Metrics that record nothing, used when Micrometer is absent. */
	DeliveryMetrics NONE = (endpoint, eventType, outcome) -> {
	};

	/**
	 * Records one delivery.
	 * @param endpoint the endpoint name
	 * @param eventType the event type, or {@link #UNKNOWN_EVENT} before verification
	 * @param outcome what became of it
	 */
	void record(String endpoint, String eventType, DeliveryOutcome outcome);

}
