package dev.webhookreceiver.process;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * How the deliveries of one endpoint are processed: {@code webhook.receiver.processing.*},
 * overridden by {@code webhook.receiver.endpoints.<name>.processing.*}.
 *
 * @param mode sync or async
 * @param maxAttempts how many times the workers run the handlers of a delivery before it is
 * {@code DEAD}
 * @param initialBackoff the wait after the first failed attempt
 * @param maxBackoff the longest wait between attempts
 * @param lease how long a claim lasts before another worker may take the delivery over
 * @param concurrency how many worker threads process the endpoint's deliveries
 * @param pollInterval how often idle workers look for due deliveries
 * @param retryFailed whether workers retry the failed deliveries of a sync endpoint
 */
public record ProcessingSettings(ProcessingMode mode, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
		Duration lease, int concurrency, Duration pollInterval, boolean retryFailed) {

	/** The defaults: sync, 8 attempts, 10s to 1h backoff, 5m lease, 4 workers, 1s poll. */
	public static final ProcessingSettings DEFAULT = new ProcessingSettings(ProcessingMode.SYNC, 8,
			Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofMinutes(5), 4, Duration.ofSeconds(1), false);

	/**
	 * The share of a backoff that jitter may take off, so that deliveries that failed together
	 * are not all retried at the same instant.
	 */
	static final double JITTER = 0.2;

	public ProcessingSettings {
		Assert.notNull(mode, "'mode' must not be null");
		Assert.isTrue(maxAttempts > 0, "'maxAttempts' must be positive");
		Assert.isTrue(isPositive(initialBackoff), "'initialBackoff' must be positive");
		Assert.isTrue(isPositive(maxBackoff), "'maxBackoff' must be positive");
		Assert.isTrue(isPositive(lease), "'lease' must be positive");
		Assert.isTrue(concurrency > 0, "'concurrency' must be positive");
		Assert.isTrue(isPositive(pollInterval), "'pollInterval' must be positive");
	}

	/**
	 * Whether workers process deliveries of the endpoint: all of an async endpoint's, the
	 * failed ones of a sync endpoint that retries them.
	 * @return whether workers process the endpoint's deliveries
	 */
	public boolean byWorkers() {
		return this.mode == ProcessingMode.ASYNC || this.retryFailed;
	}

	/**
	 * The wait after a failed attempt, before jitter:
	 * {@code min(maxBackoff, initialBackoff × 2^(attempts-1))}.
	 * @param attempts how many attempts ran, the failed one included (at least 1)
	 * @return the backoff
	 */
	public Duration backoff(int attempts) {
		Assert.isTrue(attempts > 0, "'attempts' must be positive");
		int doublings = attempts - 1;
		// Doubling a positive Duration 62 times overflows any nanosecond count long before.
		if (doublings >= 62 || this.initialBackoff.toNanos() > (this.maxBackoff.toNanos() >> doublings)) {
			return this.maxBackoff;
		}
		Duration backoff = this.initialBackoff.multipliedBy(1L << doublings);
		return (backoff.compareTo(this.maxBackoff) > 0) ? this.maxBackoff : backoff;
	}

	/**
	 * When a delivery whose attempt failed is tried again: after its {@link #backoff(int)},
	 * less up to {@value #JITTER} of it at random, or never once {@code maxAttempts} ran.
	 * @param attempts how many attempts ran, the failed one included
	 * @param now the time of the failure
	 * @return the time of the next attempt, or {@code null} if the delivery is out of attempts
	 */
	public @Nullable Instant nextAttempt(int attempts, Instant now) {
		if (attempts >= this.maxAttempts) {
			return null;
		}
		Duration backoff = backoff(attempts);
		long jitter = (long) (backoff.toNanos() * JITTER * ThreadLocalRandom.current().nextDouble());
		return now.plus(backoff).minusNanos(jitter);
	}

	private static boolean isPositive(@Nullable Duration duration) {
		return duration != null && !duration.isNegative() && !duration.isZero();
	}

}
