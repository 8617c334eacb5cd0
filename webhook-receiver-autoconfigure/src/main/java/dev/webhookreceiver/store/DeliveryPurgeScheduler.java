package dev.webhookreceiver.store;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;

/**
 * Runs a {@link CompletedDeliveryPurger} periodically, on a daemon thread of its own named
 * {@code webhook-purge-1}, while the application context runs. It needs no
 * {@code @EnableScheduling}.
 * <p>
 * The first purge runs shortly after start (after the interval, or one minute if the interval
 * is longer), then each one the interval after the previous one ended. A purge that fails is
 * logged and tried again at the next interval. Stopping cancels the next purge and interrupts
 * one in progress, which ends after its current batch.
 */
public class DeliveryPurgeScheduler implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(DeliveryPurgeScheduler.class);

	private static final Duration LONGEST_FIRST_DELAY = Duration.ofMinutes(1);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	private final CompletedDeliveryPurger purger;

	private final Duration interval;

	private final Object lifecycleMonitor = new Object();

	private @Nullable ScheduledExecutorService executor;

	/**
	 * Create a new scheduler.
	 * @param purger the purger to run
	 * @param interval the time between the end of a purge and the start of the next one
	 */
	public DeliveryPurgeScheduler(CompletedDeliveryPurger purger, Duration interval) {
		Assert.notNull(purger, "'purger' must not be null");
		Assert.isTrue(interval != null && !interval.isNegative() && !interval.isZero(), "'interval' must be positive");
		this.purger = purger;
		this.interval = interval;
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.executor != null) {
				return;
			}
			CustomizableThreadFactory threadFactory = new CustomizableThreadFactory("webhook-purge-");
			threadFactory.setDaemon(true);
			ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, threadFactory);
			Duration firstDelay = (this.interval.compareTo(LONGEST_FIRST_DELAY) < 0) ? this.interval
					: LONGEST_FIRST_DELAY;
			executor.scheduleWithFixedDelay(this::purge, firstDelay.toNanos(), this.interval.toNanos(),
					TimeUnit.NANOSECONDS);
			this.executor = executor;
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor;
		synchronized (this.lifecycleMonitor) {
			executor = this.executor;
			this.executor = null;
		}
		if (executor == null) {
			return;
		}
		executor.shutdownNow();
		try {
			if (!executor.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("The purge of completed deliveries did not end within " + STOP_TIMEOUT.toSeconds()
						+ " s of stopping");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		synchronized (this.lifecycleMonitor) {
			return this.executor != null;
		}
	}

	private void purge() {
		try {
			this.purger.purge();
		}
		catch (RuntimeException ex) {
			if (isRunning()) {
				logger.warn("Could not purge completed deliveries; trying again in " + this.interval, ex);
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("The purge of completed deliveries failed while stopping", ex);
			}
		}
	}

}
