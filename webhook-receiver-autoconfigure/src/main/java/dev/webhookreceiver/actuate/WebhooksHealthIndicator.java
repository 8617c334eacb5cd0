package dev.webhookreceiver.actuate;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.webhookreceiver.store.DeliveryBacklog;
import dev.webhookreceiver.store.DeliveryCounts;
import dev.webhookreceiver.store.DeliveryStatus;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of webhook processing: {@code DOWN} when the most overdue delivery has waited for
 * a worker longer than {@code webhook.receiver.health.max-pending-age}, or more deliveries are
 * {@code DEAD} than {@code webhook.receiver.health.max-dead}, or the delivery store cannot be
 * reached; {@code UP} otherwise; {@code UNKNOWN}, which leaves the application's health as
 * the other indicators make it, with a store of the application's own that cannot count its
 * deliveries ({@link dev.webhookreceiver.store.DeliveryStore#supportsOperations()}). Details: {@code pending} ({@code RECEIVED}, {@code PROCESSING}
 * and {@code FAILED} deliveries), {@code dead}, and {@code oldestPendingAge} (ISO-8601), read
 * from the {@link DeliveryBacklog}, which reuses its counts for a few seconds.
 */
public class WebhooksHealthIndicator extends AbstractHealthIndicator {

	private final DeliveryBacklog backlog;

	private final Duration maxPendingAge;

	private final @Nullable Long maxDead;

	/**
	 * Creates the indicator.
	 * @param backlog where the counts come from, with the clock that ages them
	 * @param maxPendingAge the longest a due delivery may wait for a worker
	 * @param maxDead the most {@code DEAD} deliveries, or {@code null} for no limit
	 */
	public WebhooksHealthIndicator(DeliveryBacklog backlog, Duration maxPendingAge, @Nullable Long maxDead) {
		super("Webhook delivery store health check failed");
		this.backlog = backlog;
		this.maxPendingAge = maxPendingAge;
		this.maxDead = maxDead;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		if (!this.backlog.countable()) {
			builder.unknown()
				.withDetail("reason", "The DeliveryStore cannot count its deliveries (its supportsOperations() is "
						+ "false), so their backlog is not known");
			return;
		}
		DeliveryCounts counts = this.backlog.counts();
		Duration oldestPendingAge = counts.oldestPendingAge(this.backlog.clock().instant());
		long dead = counts.count(DeliveryStatus.DEAD);
		builder.withDetail("pending", counts.pending())
			.withDetail("dead", dead)
			.withDetail("oldestPendingAge", oldestPendingAge.toString());
		if (oldestPendingAge.compareTo(this.maxPendingAge) > 0) {
			builder.down()
				.withDetail("reason", "The oldest due delivery has waited " + oldestPendingAge
						+ ", longer than webhook.receiver.health.max-pending-age (" + this.maxPendingAge + ")");
		}
		else if (this.maxDead != null && dead > this.maxDead) {
			builder.down()
				.withDetail("reason", dead + " deliveries are dead, more than webhook.receiver.health.max-dead ("
						+ this.maxDead + ")");
		}
		else {
			builder.up();
		}
	}

}
