package dev.webhookreceiver.process;

/**
 * Gives a delivery that was just stored for async processing to this instance's workers, so
 * that it is processed at once rather than at the workers' next poll.
 */
@FunctionalInterface
public interface DeliveryHandOff {

	/** Hands nothing off: the deliveries wait for a poll. */
	DeliveryHandOff NONE = (endpoint, recordId) -> {
	};

	/**
	 * Hands a stored delivery off to the workers, without waiting for them; a delivery they
	 * cannot take now is found by a later poll.
	 * @param endpoint the endpoint name
	 * @param recordId the id of the delivery's record
	 */
	void handOff(String endpoint, long recordId);

}
