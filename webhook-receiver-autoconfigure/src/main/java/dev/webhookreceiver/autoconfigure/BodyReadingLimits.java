package dev.webhookreceiver.autoconfigure;

import java.time.Duration;

import dev.webhookreceiver.WebhookConfigurationException;

import org.springframework.util.unit.DataSize;

/**
 * The limits on reading request bodies that are derived or checked at startup:
 * {@code webhook.receiver.max-in-flight} and {@code webhook.receiver.read-timeout}.
 */
final class BodyReadingLimits {

	/**
	 * The share of the maximum heap that bodies in flight may take by default. A delivery
	 * costs more than its bytes while it is handled (the copies Jackson and the JDBC driver
	 * make): measured, the live heap peaked at under 3 times the bytes in flight, with 1MB and
	 * with 9MB JSON bodies (docs/reliability.md), so an eighth leaves more than half of the
	 * heap to the application.
	 */
	static final int DEFAULT_HEAP_DIVISOR = 8;

	private static final String PREFIX = "webhook.receiver";

	private BodyReadingLimits() {
	}

	/**
	 * The most bytes of bodies in flight: the configured value, or an eighth of the maximum
	 * heap, and at least the maximum payload size.
	 * @param properties the receiver's properties
	 * @param maxHeap the maximum heap size in bytes, as {@link Runtime#maxMemory()} tells
	 * @return the budget
	 * @throws WebhookConfigurationException if the configured value is smaller than one body
	 */
	static DataSize maxInFlight(WebhookReceiverProperties properties, long maxHeap) {
		DataSize maxPayloadSize = properties.getMaxPayloadSize();
		DataSize configured = properties.getMaxInFlight();
		if (configured == null) {
			long derived = (maxHeap != Long.MAX_VALUE) ? maxHeap / DEFAULT_HEAP_DIVISOR : Long.MAX_VALUE;
			return DataSize.ofBytes(Math.max(derived, maxPayloadSize.toBytes()));
		}
		if (configured.toBytes() < maxPayloadSize.toBytes()) {
			throw new WebhookConfigurationException(PREFIX + ".max-in-flight is " + configured + ", smaller than "
					+ PREFIX + ".max-payload-size (" + maxPayloadSize + "), so a delivery of the largest accepted "
					+ "size could never be received.",
					"Set max-in-flight to at least max-payload-size, or leave it unset to use an eighth of the "
							+ "maximum heap.");
		}
		return configured;
	}

	/**
	 * The read timeout, checked.
	 * @param properties the receiver's properties
	 * @return the read timeout
	 * @throws WebhookConfigurationException if it is not positive
	 */
	static Duration readTimeout(WebhookReceiverProperties properties) {
		Duration readTimeout = properties.getReadTimeout();
		if (readTimeout.isZero() || readTimeout.isNegative()) {
			throw new WebhookConfigurationException(PREFIX + ".read-timeout is " + readTimeout + ", not positive.",
					"Set a duration such as 5s, the longest a request body may take to arrive; keep it well "
							+ "under the senders' own timeouts (GitHub waits 10 s for an answer).");
		}
		return readTimeout;
	}

}
