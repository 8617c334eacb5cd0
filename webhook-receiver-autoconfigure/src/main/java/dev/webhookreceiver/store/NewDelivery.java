package dev.webhookreceiver.store;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A verified delivery about to be claimed or stored, or one read back from the store for a
 * worker to process.
 *
 * @param endpoint the endpoint name
 * @param deliveryId the sender's delivery id
 * @param eventType the event type
 * @param payload the raw body, or {@code null} when payloads are not stored
 * @param headers the selected headers to keep with the payload (empty when payloads are not
 * stored)
 * @param requestUrl the URL the delivery was posted to, kept with the payload for providers that
 * sign it, or {@code null}
 * @param signedAt when the sender signed the delivery, for providers that send a timestamp, or
 * {@code null}
 */
public record NewDelivery(String endpoint, String deliveryId, String eventType, byte @Nullable [] payload,
		Map<String, String> headers, @Nullable String requestUrl, @Nullable Instant signedAt) {

	/**
	 * Creates a delivery without request URL and signing time.
	 * @param endpoint the endpoint name
	 * @param deliveryId the sender's delivery id
	 * @param eventType the event type
	 * @param payload the raw body, or {@code null} when payloads are not stored
	 * @param headers the selected headers to keep with the payload
	 */
	public NewDelivery(String endpoint, String deliveryId, String eventType, byte @Nullable [] payload,
			Map<String, String> headers) {
		this(endpoint, deliveryId, eventType, payload, headers, null, null);
	}

}
