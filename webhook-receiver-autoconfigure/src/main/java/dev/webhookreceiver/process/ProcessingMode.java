package dev.webhookreceiver.process;

/**
 * When the handlers of an endpoint's deliveries run.
 */
public enum ProcessingMode {

	/** While the request waits: the answer tells whether they completed. */
	SYNC,

	/**
	 * After the delivery is stored and answered 202, by workers, with retries.
	 */
	ASYNC

}
