package dev.webhookreceiver.store;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A verified delivery about to be claimed.
 *
 * @param endpoint the endpoint name
 * @param deliveryId the sender's delivery id
 * @param eventType the event type
 * @param payload the raw body, or {@code null} when payloads are not stored
 * @param headers the selected headers to keep with the payload (empty when payloads are not
 * stored)
 */
public record NewDelivery(String endpoint, String deliveryId, String eventType, byte @Nullable [] payload,
		Map<String, String> headers) {

}
