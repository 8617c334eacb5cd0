package dev.webhookreceiver.verify;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What a provider found out about an authentic delivery.
 *
 * @param deliveryId the sender's id of the delivery, stable across redeliveries
 * @param eventType the event type
 * @param timestamp the signing time, for providers that send one
 */
public record VerifiedDelivery(String deliveryId, String eventType, @Nullable Instant timestamp) {

}
