package dev.webhookreceiver.verify;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

/**
 * Checks that a signed timestamp is within an endpoint's tolerance of now, in the past and in
 * the future alike.
 */
final class TimestampTolerance {

	/** Canonical decimal seconds: no sign, no leading zero, at most 12 digits (year 33658). */
	private static final Pattern EPOCH_SECONDS = Pattern.compile("0|[1-9][0-9]{0,11}");

	private TimestampTolerance() {
	}

	/**
	 * Parses a timestamp in Unix seconds. Only the canonical form is accepted, so that the
	 * signed text and the number it stands for cannot differ.
	 * @param text the timestamp as sent
	 * @param source where it was sent, for the message
	 * @return the instant
	 * @throws WebhookRejectedException {@link Reason#INVALID_SIGNATURE} if it is not a timestamp
	 */
	static Instant parseEpochSeconds(String text, String source) {
		if (!EPOCH_SECONDS.matcher(text).matches()) {
			throw new WebhookRejectedException(Reason.INVALID_SIGNATURE,
					"The " + source + " is not a Unix timestamp in seconds");
		}
		return Instant.ofEpochSecond(Long.parseLong(text));
	}

	/**
	 * Checks a timestamp against now.
	 * @param timestamp the signed timestamp
	 * @param precision the precision the sender signs with, to which now is truncated
	 * @param clock the clock
	 * @param tolerance how far the timestamp may be from now, in either direction
	 * @throws WebhookRejectedException {@link Reason#STALE_TIMESTAMP} if it is further
	 */
	static void check(Instant timestamp, ChronoUnit precision, Clock clock, Duration tolerance) {
		Duration age = Duration.between(timestamp, clock.instant().truncatedTo(precision));
		if (age.compareTo(tolerance) > 0) {
			throw new WebhookRejectedException(Reason.STALE_TIMESTAMP,
					"The timestamp is " + seconds(age) + " s old, tolerance is " + seconds(tolerance) + " s");
		}
		if (age.negated().compareTo(tolerance) > 0) {
			throw new WebhookRejectedException(Reason.STALE_TIMESTAMP, "The timestamp is " + seconds(age.negated())
					+ " s in the future, tolerance is " + seconds(tolerance) + " s");
		}
	}

	/**
	 * A non-negative duration in seconds, to the millisecond, also where it has more
	 * milliseconds than a {@code long} holds (Linear's signed timestamps are any {@code long}).
	 */
	private static String seconds(Duration duration) {
		return BigDecimal.valueOf(duration.getSeconds())
			.add(BigDecimal.valueOf(duration.getNano() / 1_000_000, 3))
			.stripTrailingZeros()
			.toPlainString();
	}

}
