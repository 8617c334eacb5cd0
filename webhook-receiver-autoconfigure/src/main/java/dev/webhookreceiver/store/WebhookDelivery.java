package dev.webhookreceiver.store;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.jspecify.annotations.Nullable;

/**
 * The record of one delivery in the {@code webhook_delivery} table.
 * <p>
 * The table's schema scripts ({@code schema-h2.sql}, {@code schema-postgresql.sql},
 * {@code schema-mysql.sql}) live beside this class; the mapping declares the same constraints
 * and indexes so that Hibernate-generated DDL matches them. Records are changed only through a
 * {@link DeliveryStore}.
 */
@Entity(name = "WebhookDelivery")
@Table(name = "webhook_delivery",
		uniqueConstraints = @UniqueConstraint(name = "webhook_delivery_endpoint_delivery_id_key",
				columnNames = { "endpoint", "delivery_id" }),
		indexes = { @Index(name = "webhook_delivery_by_status_idx", columnList = "status, next_attempt_at"),
				@Index(name = "webhook_delivery_by_updated_at_idx", columnList = "updated_at") })
public class WebhookDelivery {

	/** Longest endpoint name that can be recorded. */
	public static final int MAX_ENDPOINT_LENGTH = 100;

	/** Longest delivery id that can be recorded. */
	public static final int MAX_DELIVERY_ID_LENGTH = 255;

	/** Longest event type that can be recorded. */
	public static final int MAX_EVENT_TYPE_LENGTH = 255;

	/** Longest last error kept; longer ones are truncated. */
	public static final int MAX_LAST_ERROR_LENGTH = 1000;

	/** Longest request URL kept with a stored payload; a longer one is not kept. */
	public static final int MAX_REQUEST_URL_LENGTH = 2000;

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	@Column(name = "id", nullable = false, updatable = false)
	private @Nullable Long id;

	@Column(name = "endpoint", nullable = false, updatable = false, length = MAX_ENDPOINT_LENGTH)
	private String endpoint;

	@Column(name = "delivery_id", nullable = false, updatable = false, length = MAX_DELIVERY_ID_LENGTH)
	private String deliveryId;

	@Column(name = "event_type", nullable = false, updatable = false, length = MAX_EVENT_TYPE_LENGTH)
	private String eventType;

	@Enumerated(EnumType.STRING)
	@JdbcTypeCode(SqlTypes.VARCHAR)
	@Column(name = "status", nullable = false, length = 20)
	private DeliveryStatus status;

	@Column(name = "attempts", nullable = false)
	private int attempts;

	@Column(name = "received_at", nullable = false, updatable = false)
	private Instant receivedAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	@Column(name = "next_attempt_at")
	private @Nullable Instant nextAttemptAt;

	@Column(name = "lease_until")
	private @Nullable Instant leaseUntil;

	@Column(name = "last_error", length = MAX_LAST_ERROR_LENGTH)
	private @Nullable String lastError;

	@Column(name = "payload", updatable = false, length = Integer.MAX_VALUE)
	private byte @Nullable [] payload;

	@Convert(converter = DeliveryHeadersConverter.class)
	@Column(name = "headers", updatable = false, length = Integer.MAX_VALUE)
	private @Nullable Map<String, String> headers;

	@Column(name = "request_url", updatable = false, length = MAX_REQUEST_URL_LENGTH)
	private @Nullable String requestUrl;

	@Column(name = "signed_at", updatable = false)
	private @Nullable Instant signedAt;

	/**
	 * For JPA only.
	 */
	protected WebhookDelivery() {
	}

	/**
	 * A new record of a delivery claimed for its first attempt.
	 * @param delivery the delivery
	 * @param now the time of the claim
	 * @param leaseUntil when the claim expires
	 */
	WebhookDelivery(NewDelivery delivery, Instant now, Instant leaseUntil) {
		this.endpoint = delivery.endpoint();
		this.deliveryId = delivery.deliveryId();
		this.eventType = delivery.eventType();
		this.status = DeliveryStatus.PROCESSING;
		this.attempts = 1;
		this.receivedAt = now;
		this.updatedAt = now;
		this.leaseUntil = leaseUntil;
		this.payload = delivery.payload();
		this.headers = delivery.headers().isEmpty() ? null : new LinkedHashMap<>(delivery.headers());
		this.requestUrl = delivery.requestUrl();
		this.signedAt = delivery.signedAt();
	}

	/**
	 * The surrogate id of this record.
	 * @return the id, or {@code null} before the record was inserted
	 */
	public @Nullable Long getId() {
		return this.id;
	}

	/**
	 * The name of the endpoint that received the delivery.
	 * @return the endpoint name
	 */
	public String getEndpoint() {
		return this.endpoint;
	}

	/**
	 * The sender's delivery id, unique per endpoint.
	 * @return the delivery id
	 */
	public String getDeliveryId() {
		return this.deliveryId;
	}

	/**
	 * The event type of the delivery.
	 * @return the event type
	 */
	public String getEventType() {
		return this.eventType;
	}

	/**
	 * Where the delivery stands.
	 * @return the status
	 */
	public DeliveryStatus getStatus() {
		return this.status;
	}

	/**
	 * How many times the delivery was claimed to run its handlers.
	 * @return the number of attempts
	 */
	public int getAttempts() {
		return this.attempts;
	}

	/**
	 * When the delivery was first recorded.
	 * @return the time of the first claim
	 */
	public Instant getReceivedAt() {
		return this.receivedAt;
	}

	/**
	 * When the record last changed.
	 * @return the time of the last change
	 */
	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	/**
	 * When the next attempt is due (async mode).
	 * @return the time of the next attempt, or {@code null} if none is scheduled
	 */
	public @Nullable Instant getNextAttemptAt() {
		return this.nextAttemptAt;
	}

	/**
	 * When the current claim expires, after which another request or worker may take the
	 * delivery over.
	 * @return the end of the lease, or {@code null} if the delivery is not being processed
	 */
	public @Nullable Instant getLeaseUntil() {
		return this.leaseUntil;
	}

	/**
	 * What the handlers threw in the last failed attempt, as the exception's class name and
	 * message, truncated to {@value #MAX_LAST_ERROR_LENGTH} characters.
	 * @return the last error, or {@code null} if no attempt failed
	 */
	public @Nullable String getLastError() {
		return this.lastError;
	}

	/**
	 * The raw body of the delivery, exactly as received.
	 * @return the payload, or {@code null} if payloads are not stored
	 */
	public byte @Nullable [] getPayload() {
		return this.payload;
	}

	/**
	 * The headers kept with the payload.
	 * @return the headers, empty if none were kept
	 */
	public Map<String, String> getHeaders() {
		return (this.headers != null) ? Collections.unmodifiableMap(this.headers) : Map.of();
	}

	/**
	 * The URL the delivery was posted to, kept with its payload for providers that sign it.
	 * @return the request URL, or {@code null} if not kept
	 */
	public @Nullable String getRequestUrl() {
		return this.requestUrl;
	}

	/**
	 * When the sender signed the delivery, for providers that send a timestamp.
	 * @return the signing time, or {@code null}
	 */
	public @Nullable Instant getSignedAt() {
		return this.signedAt;
	}

	@Override
	public String toString() {
		return "WebhookDelivery[id=" + this.id + ", endpoint=" + this.endpoint + ", deliveryId=" + this.deliveryId
				+ ", status=" + this.status + ", attempts=" + this.attempts + "]";
	}

}
