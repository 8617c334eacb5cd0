package dev.webhookreceiver.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.webhookreceiver.store.DeliveryBacklog;
import dev.webhookreceiver.store.DeliveryClaim;
import dev.webhookreceiver.store.DeliveryCounts;
import dev.webhookreceiver.store.DeliveryStatus;
import dev.webhookreceiver.store.DeliveryStore;
import dev.webhookreceiver.store.DeliveryStoreUnavailableException;
import dev.webhookreceiver.store.NewDelivery;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WebhooksHealthIndicator}, on a fixed clock.
 */
class WebhooksHealthIndicatorTests {

	private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

	private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	@Test
	void isUpWithTheBacklogInItsDetails() {
		Health health = health(counts(NOW.minusSeconds(90), 3, 1, 2, 5), Duration.ofMinutes(15), null);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("pending", 6L)
			.containsEntry("dead", 5L)
			.containsEntry("oldestPendingAge", "PT1M30S")
			.doesNotContainKey("reason");
	}

	@Test
	void isUpWhenNothingIsDue() {
		Health health = health(counts(NOW.plusSeconds(10), 0, 0, 1, 0), Duration.ofMinutes(15), 0L);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("pending", 1L).containsEntry("oldestPendingAge", "PT0S");
	}

	@Test
	void isUpWhenTheOldestDueDeliveryHasWaitedExactlyTheMaxPendingAge() {
		Health health = health(counts(NOW.minus(Duration.ofMinutes(15)), 1, 0, 0, 0), Duration.ofMinutes(15), null);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void isDownWhenTheOldestDueDeliveryHasWaitedLongerThanTheMaxPendingAge() {
		Health health = health(counts(NOW.minus(Duration.ofMinutes(16)), 1, 0, 0, 0), Duration.ofMinutes(15), null);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("oldestPendingAge", "PT16M")
			.containsEntry("reason", "The oldest due delivery has waited PT16M, longer than "
					+ "webhook.receiver.health.max-pending-age (PT15M)");
	}

	@Test
	void isDownWhenMoreDeliveriesAreDeadThanMaxDead() {
		Health health = health(counts(null, 0, 0, 0, 3), Duration.ofMinutes(15), 2L);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("dead", 3L)
			.containsEntry("reason", "3 deliveries are dead, more than webhook.receiver.health.max-dead (2)");
	}

	@Test
	void isUpWithAsManyDeadDeliveriesAsMaxDead() {
		assertThat(health(counts(null, 0, 0, 0, 2), Duration.ofMinutes(15), 2L).getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void hasNoLimitOfDeadDeliveriesByDefault() {
		assertThat(health(counts(null, 0, 0, 0, 10_000), Duration.ofMinutes(15), null).getStatus())
			.isEqualTo(Status.UP);
	}

	@Test
	void isDownWhenTheStoreCannotBeReached() {
		DeliveryBacklog backlog = new DeliveryBacklog(new FixedCountsStore(null), CLOCK, Duration.ZERO);
		Health health = new WebhooksHealthIndicator(backlog, Duration.ofMinutes(15), null).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsKey("error");
	}

	@Test
	void isUnknownWithoutReadingCountsFromAStoreThatCannotCountItsDeliveries() {
		FixedCountsStore store = new FixedCountsStore(counts(NOW.minus(Duration.ofHours(1)), 1, 0, 0, 0), false);
		DeliveryBacklog backlog = new DeliveryBacklog(store, CLOCK, Duration.ZERO);
		Health health = new WebhooksHealthIndicator(backlog, Duration.ofMinutes(15), null).health();
		assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(health.getDetails()).containsEntry("reason", "The DeliveryStore cannot count its deliveries "
				+ "(its supportsOperations() is false), so their backlog is not known");
		assertThat(store.reads).isZero();
	}

	@Test
	void readsOnlyThePendingCountsOfTheStore() {
		DeliveryStore pendingOnly = new FixedCountsStore(null) {

			@Override
			public DeliveryCounts pendingCounts() {
				return WebhooksHealthIndicatorTests.counts(NOW, 1, 0, 0, 0);
			}

		};
		DeliveryBacklog backlog = new DeliveryBacklog(pendingOnly, CLOCK, Duration.ZERO);
		Health health = new WebhooksHealthIndicator(backlog, Duration.ofMinutes(15), null).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("pending", 1L);
	}

	private static Health health(DeliveryCounts counts, Duration maxPendingAge, Long maxDead) {
		DeliveryBacklog backlog = new DeliveryBacklog(new FixedCountsStore(counts), CLOCK, Duration.ZERO);
		return new WebhooksHealthIndicator(backlog, maxPendingAge, maxDead).health();
	}

	private static DeliveryCounts counts(Instant earliestNextAttempt, long received, long processing, long failed,
			long dead) {
		return new DeliveryCounts(Map.of(DeliveryStatus.RECEIVED, received, DeliveryStatus.PROCESSING, processing,
				DeliveryStatus.FAILED, failed, DeliveryStatus.DEAD, dead, DeliveryStatus.PROCESSED, 100L),
				earliestNextAttempt);
	}

	/**
	 * A store whose counts are given, or unavailable.
	 */
	static class FixedCountsStore implements DeliveryStore {

		private final DeliveryCounts counts;

		private final boolean supportsOperations;

		int reads;

		FixedCountsStore(DeliveryCounts counts) {
			this(counts, true);
		}

		FixedCountsStore(DeliveryCounts counts, boolean supportsOperations) {
			this.counts = counts;
			this.supportsOperations = supportsOperations;
		}

		@Override
		public boolean supportsOperations() {
			return this.supportsOperations;
		}

		@Override
		public DeliveryCounts counts() {
			this.reads++;
			if (this.counts == null) {
				throw new DeliveryStoreUnavailableException("Could not count the deliveries",
						new IllegalStateException("connection refused"));
			}
			return this.counts;
		}

		@Override
		public DeliveryClaim claim(NewDelivery delivery) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void complete(DeliveryClaim claim, DeliveryStatus status) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void fail(DeliveryClaim claim, Throwable error) {
			throw new UnsupportedOperationException();
		}

	}

}
