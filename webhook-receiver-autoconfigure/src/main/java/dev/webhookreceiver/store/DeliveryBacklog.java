package dev.webhookreceiver.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The {@linkplain DeliveryStore#pendingCounts() counts} of the recorded deliveries that are not
 * completed, read at most once per time to live however often health checks and metric scrapes
 * ask, so that they never load the database.
 */
public final class DeliveryBacklog {

	/** How long counts are reused by default. */
	public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofSeconds(5);

	private final DeliveryStore store;

	private final Clock clock;

	private final Duration timeToLive;

	private final Object monitor = new Object();

	private @Nullable DeliveryCounts counts;

	private @Nullable Instant readAt;

	/**
	 * Creates the backlog.
	 * @param store the store to count in
	 * @param clock the clock that ages the counts
	 * @param timeToLive how long counts are reused
	 */
	public DeliveryBacklog(DeliveryStore store, Clock clock, Duration timeToLive) {
		Assert.isTrue(!timeToLive.isNegative(), "'timeToLive' must not be negative");
		this.store = store;
		this.clock = clock;
		this.timeToLive = timeToLive;
	}

	/**
	 * Whether the store can count its deliveries: whether it
	 * {@linkplain DeliveryStore#supportsOperations() supports operations}.
	 * @return whether there are counts to read
	 */
	public boolean countable() {
		return this.store.supportsOperations();
	}

	/**
	 * The counts, read again once the last ones are older than the time to live.
	 * @return the counts
	 * @throws DeliveryStoreUnavailableException if they must be read and the store cannot be
	 * reached
	 */
	public DeliveryCounts counts() {
		synchronized (this.monitor) {
			Instant now = this.clock.instant();
			DeliveryCounts counts = this.counts;
			Instant readAt = this.readAt;
			if (counts == null || readAt == null || !now.isBefore(readAt.plus(this.timeToLive))) {
				counts = this.store.pendingCounts();
				this.counts = counts;
				this.readAt = now;
			}
			return counts;
		}
	}

	/**
	 * The clock the counts are aged with, for the age of the oldest pending delivery.
	 * @return the clock
	 */
	public Clock clock() {
		return this.clock;
	}

}
