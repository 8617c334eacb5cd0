package dev.webhookreceiver.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * How many deliveries are recorded in each status, and since when the most overdue of those
 * that wait for a worker has been due: what one grouped query over the whole table tells.
 *
 * @param byStatus the number of deliveries in each status, every status present (0 for none)
 * @param earliestNextAttempt the earliest time a {@code RECEIVED}, {@code FAILED} or
 * {@code PROCESSING} delivery falls due for a worker (a stored delivery at once, a failed one at
 * its next attempt, a claimed one when its lease expires), or {@code null} if none does
 */
public record DeliveryCounts(Map<DeliveryStatus, Long> byStatus, @Nullable Instant earliestNextAttempt) {

	public DeliveryCounts {
		Map<DeliveryStatus, Long> all = new EnumMap<>(DeliveryStatus.class);
		for (DeliveryStatus status : DeliveryStatus.values()) {
			all.put(status, byStatus.getOrDefault(status, 0L));
		}
		byStatus = Collections.unmodifiableMap(all);
	}

	/**
	 * The number of deliveries in a status.
	 * @param status the status
	 * @return the number of deliveries
	 */
	public long count(DeliveryStatus status) {
		return this.byStatus.get(status);
	}

	/**
	 * The number of deliveries still to be processed: {@code RECEIVED}, {@code PROCESSING} and
	 * {@code FAILED}.
	 * @return the number of pending deliveries
	 */
	public long pending() {
		return count(DeliveryStatus.RECEIVED) + count(DeliveryStatus.PROCESSING) + count(DeliveryStatus.FAILED);
	}

	/**
	 * How long the most overdue delivery has been waiting for a worker.
	 * @param now the current time
	 * @return the wait, {@link Duration#ZERO} if no delivery is due
	 */
	public Duration oldestPendingAge(Instant now) {
		Instant earliest = this.earliestNextAttempt;
		return (earliest != null && earliest.isBefore(now)) ? Duration.between(earliest, now) : Duration.ZERO;
	}

}
