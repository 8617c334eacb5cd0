package dev.webhookreceiver.actuate;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.webhookreceiver.process.WebhookDeliveries;
import dev.webhookreceiver.process.WebhookDeliveries.DeleteOutcome;
import dev.webhookreceiver.process.WebhookDeliveries.Replay;
import dev.webhookreceiver.process.WebhookDeliveries.ReplayAll;
import dev.webhookreceiver.process.WebhookDeliveries.Summary;
import dev.webhookreceiver.store.DeliveryRecord;
import dev.webhookreceiver.store.DeliveryStatus;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The Actuator endpoint {@code webhooks}: the configured endpoints and how many deliveries are
 * in each status; the deliveries of an endpoint; one delivery with its headers and body; replay
 * of one delivery or of all deliveries of an endpoint in a status; deletion of a delivery. It
 * delegates to {@link WebhookDeliveries}. Bodies are shown as text when they are UTF-8, in
 * Base64 otherwise; the values of signature and token headers are never shown.
 * <p>
 * Over HTTP, {@link WebhooksEndpointWebExtension} answers refusals with their status codes.
 */
@Endpoint(id = "webhooks")
public class WebhooksEndpoint {

	/** What is shown instead of the value of a header that may carry a signature or secret. */
	static final String MASK = "******";

	/** Header names containing any of these hold signatures, tokens or secrets. */
	private static final Set<String> MASKED_HEADER_PARTS = Set.of("signature", "hmac", "token", "secret", "auth");

	private final WebhookDeliveries deliveries;

	/**
	 * Creates the endpoint.
	 * @param deliveries the operations on recorded deliveries
	 */
	public WebhooksEndpoint(WebhookDeliveries deliveries) {
		this.deliveries = deliveries;
	}

	/**
	 * The configured endpoints and how many deliveries are in each status.
	 * @return the summary
	 */
	@ReadOperation
	public Summary webhooks() {
		return this.deliveries.summary();
	}

	/**
	 * The deliveries of an endpoint, newest first, without bodies.
	 * @param endpoint the endpoint name
	 * @param status the status to list, or {@code null} for all
	 * @param limit the most deliveries to list, or {@code null} for
	 * {@value WebhookDeliveries#DEFAULT_LIMIT}
	 * @return the deliveries
	 */
	@ReadOperation
	public DeliveriesDescriptor deliveries(@Selector String endpoint, @Nullable String status,
			@Nullable Integer limit) {
		if (limit != null && (limit < 1 || limit > WebhookDeliveries.MAX_LIMIT)) {
			throw new InvalidEndpointRequestException("limit must be between 1 and " + WebhookDeliveries.MAX_LIMIT,
					"Invalid limit");
		}
		DeliveryStatus listed = (status != null) ? status(status) : null;
		return new DeliveriesDescriptor(this.deliveries.list(endpoint, listed, limit)
			.stream()
			.map(DeliveryItemDescriptor::new)
			.toList());
	}

	/**
	 * One delivery, with its headers and body.
	 * @param endpoint the endpoint name
	 * @param deliveryId the delivery id
	 * @return the delivery, or {@code null} if none is recorded
	 */
	@ReadOperation
	public @Nullable DeliveryDescriptor delivery(@Selector String endpoint, @Selector String deliveryId) {
		DeliveryRecord delivery = this.deliveries.find(endpoint, deliveryId);
		return (delivery != null) ? new DeliveryDescriptor(delivery) : null;
	}

	/**
	 * Replays a delivery.
	 * @param endpoint the endpoint name
	 * @param deliveryId the delivery id
	 * @return what the replay did, or why it did not
	 */
	@WriteOperation
	public Replay replay(@Selector String endpoint, @Selector String deliveryId) {
		return this.deliveries.replay(endpoint, deliveryId);
	}

	/**
	 * Replays every delivery of an endpoint in a status.
	 * @param endpoint the endpoint name
	 * @param status the status of the deliveries to replay, such as {@code DEAD}
	 * @return what the replays did, or {@code null} if no such endpoint is configured
	 */
	@WriteOperation
	public @Nullable ReplayAll replayAll(@Selector String endpoint, String status) {
		DeliveryStatus replayed = status(status);
		if (replayed == DeliveryStatus.PROCESSING) {
			throw new InvalidEndpointRequestException("Deliveries being processed cannot be replayed",
					"Invalid status");
		}
		return this.deliveries.replayAll(endpoint, replayed);
	}

	/**
	 * Deletes the record of a delivery.
	 * @param endpoint the endpoint name
	 * @param deliveryId the delivery id
	 * @return whether it was deleted, or why not
	 */
	@DeleteOperation
	public DeletionDescriptor delete(@Selector String endpoint, @Selector String deliveryId) {
		return new DeletionDescriptor(endpoint, deliveryId, this.deliveries.delete(endpoint, deliveryId));
	}

	private static DeliveryStatus status(String status) {
		try {
			return DeliveryStatus.valueOf(status.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointRequestException("status must be one of " + List.of(DeliveryStatus.values()),
					"Invalid status");
		}
	}

	private static Map<String, String> masked(Map<String, String> headers) {
		Map<String, String> masked = new LinkedHashMap<>();
		headers.forEach((name, value) -> {
			String lowerCase = name.toLowerCase(Locale.ROOT);
			boolean secret = MASKED_HEADER_PARTS.stream().anyMatch(lowerCase::contains);
			masked.put(name, secret ? MASK : value);
		});
		return masked;
	}

	private static @Nullable String utf8(byte[] body) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(body))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	/**
	 * The deliveries of an endpoint.
	 *
	 * @param deliveries the deliveries, newest first
	 */
	public record DeliveriesDescriptor(List<DeliveryItemDescriptor> deliveries) {

	}

	/**
	 * A delivery in a listing, without headers and body.
	 *
	 * @param deliveryId the delivery id
	 * @param eventType the event type
	 * @param status where the delivery stands
	 * @param attempts how many times its handlers ran
	 * @param receivedAt when it was first recorded
	 * @param updatedAt when its record last changed
	 * @param nextAttemptAt when a worker may take it next, or {@code null}
	 * @param lastError what the handlers threw in the last failed attempt, or {@code null}
	 */
	public record DeliveryItemDescriptor(String deliveryId, String eventType, DeliveryStatus status, int attempts,
			Instant receivedAt, Instant updatedAt, @Nullable Instant nextAttemptAt, @Nullable String lastError) {

		DeliveryItemDescriptor(DeliveryRecord delivery) {
			this(delivery.deliveryId(), delivery.eventType(), delivery.status(), delivery.attempts(),
					delivery.receivedAt(), delivery.updatedAt(), delivery.nextAttemptAt(), delivery.lastError());
		}

	}

	/**
	 * One delivery with its headers and body.
	 *
	 * @param endpoint the endpoint name
	 * @param deliveryId the delivery id
	 * @param eventType the event type
	 * @param status where the delivery stands
	 * @param attempts how many times its handlers ran
	 * @param receivedAt when it was first recorded
	 * @param updatedAt when its record last changed
	 * @param nextAttemptAt when a worker may take it next, or {@code null}
	 * @param lastError what the handlers threw in the last failed attempt, or {@code null}
	 * @param headers the stored headers, the values of signature and token headers masked
	 * @param body the stored body, as text when it is UTF-8, else in Base64; {@code null} if
	 * not stored
	 * @param bodyEncoding {@code text} or {@code base64}, or {@code null} if the body was not
	 * stored
	 */
	public record DeliveryDescriptor(String endpoint, String deliveryId, String eventType, DeliveryStatus status,
			int attempts, Instant receivedAt, Instant updatedAt, @Nullable Instant nextAttemptAt,
			@Nullable String lastError, Map<String, String> headers, @Nullable String body,
			@Nullable String bodyEncoding) {

		DeliveryDescriptor(DeliveryRecord delivery) {
			this(delivery, delivery.payload(), (delivery.payload() != null) ? utf8(delivery.payload()) : null);
		}

		private DeliveryDescriptor(DeliveryRecord delivery, byte @Nullable [] payload, @Nullable String text) {
			this(delivery.endpoint(), delivery.deliveryId(), delivery.eventType(), delivery.status(),
					delivery.attempts(), delivery.receivedAt(), delivery.updatedAt(), delivery.nextAttemptAt(),
					delivery.lastError(), masked(delivery.headers()),
					(text != null) ? text : (payload != null) ? Base64.getEncoder().encodeToString(payload) : null,
					(payload == null) ? null : (text != null) ? "text" : "base64");
		}

	}

	/**
	 * What a deletion did.
	 *
	 * @param endpoint the endpoint name
	 * @param deliveryId the delivery id
	 * @param outcome whether the record was deleted, or why not
	 */
	public record DeletionDescriptor(String endpoint, String deliveryId, DeleteOutcome outcome) {

	}

}
