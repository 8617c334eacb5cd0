package dev.webhookreceiver.store;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A recorded delivery as operators see it: where it stands and, when read on its own, what
 * was stored of it.
 *
 * @param id the record's id
 * @param endpoint the endpoint name
 * @param deliveryId the sender's delivery id
 * @param eventType the event type
 * @param status where the delivery stands
 * @param attempts how many times its handlers were run
 * @param receivedAt when it was first recorded
 * @param updatedAt when the record last changed
 * @param nextAttemptAt when a worker may take it next, or {@code null}
 * @param leaseUntil when the current claim expires, or {@code null}
 * @param lastError what the handlers threw in the last failed attempt, or {@code null}
 * @param payload the raw body exactly as received, or {@code null} when payloads are not
 * stored, or in listings
 * @param headers the headers kept with the payload; empty in listings
 * @param requestUrl the URL the delivery was posted to, or {@code null}
 * @param signedAt when the sender signed it, for providers that send a timestamp, or {@code null}
 */
public record DeliveryRecord(long id, String endpoint, String deliveryId, String eventType, DeliveryStatus status,
		int attempts, Instant receivedAt, Instant updatedAt, @Nullable Instant nextAttemptAt,
		@Nullable Instant leaseUntil, @Nullable String lastError, byte @Nullable [] payload,
		Map<String, String> headers, @Nullable String requestUrl, @Nullable Instant signedAt) {

	public DeliveryRecord {
		headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
	}

	/**
	 * Whether a request or worker holds the delivery now: {@code PROCESSING} within its lease.
	 * @param now the time to compare the lease with
	 * @return whether the delivery is being processed
	 */
	public boolean isBeingProcessed(Instant now) {
		return this.status == DeliveryStatus.PROCESSING && (this.leaseUntil == null || this.leaseUntil.isAfter(now));
	}

	@Override
	public String toString() {
		return "DeliveryRecord[id=" + this.id + ", endpoint=" + this.endpoint + ", deliveryId=" + this.deliveryId
				+ ", status=" + this.status + ", attempts=" + this.attempts + "]";
	}

}
