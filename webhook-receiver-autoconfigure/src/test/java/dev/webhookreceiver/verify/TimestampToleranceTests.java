package dev.webhookreceiver.verify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link TimestampTolerance}.
 */
class TimestampToleranceTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private static final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	private static final Duration TOLERANCE = Duration.ofMinutes(5);

	@Test
	void acceptsTimestampsUpToTheToleranceInBothDirections() {
		assertThatNoException().isThrownBy(() -> check(NOW.minusSeconds(300)));
		assertThatNoException().isThrownBy(() -> check(NOW.plusSeconds(300)));
		assertThatNoException().isThrownBy(() -> check(NOW));
	}

	@Test
	void rejectsAnOldTimestampSayingHowOld() {
		assertThatException().isThrownBy(() -> check(NOW.minusSeconds(412)))
			.isInstanceOfSatisfying(WebhookRejectedException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(Reason.STALE_TIMESTAMP))
			.withMessage("The timestamp is 412 s old, tolerance is 300 s");
	}

	@Test
	void rejectsAFutureTimestampSayingHowFar() {
		assertThatException().isThrownBy(() -> check(NOW.plusSeconds(301)))
			.isInstanceOfSatisfying(WebhookRejectedException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(Reason.STALE_TIMESTAMP))
			.withMessage("The timestamp is 301 s in the future, tolerance is 300 s");
	}

	@Test
	void truncatesNowToTheSendersPrecision() {
		Clock later = Clock.fixed(NOW.plusSeconds(300).plusMillis(999), ZoneOffset.UTC);
		assertThatNoException()
			.isThrownBy(() -> TimestampTolerance.check(NOW, ChronoUnit.SECONDS, later, TOLERANCE));
		assertThatException().isThrownBy(() -> TimestampTolerance.check(NOW, ChronoUnit.MILLIS, later, TOLERANCE))
			.withMessage("The timestamp is 300.999 s old, tolerance is 300 s");
	}

	@Test
	void parsesCanonicalEpochSeconds() {
		assertThat(TimestampTolerance.parseEpochSeconds("1767225600", "t")).isEqualTo(NOW);
		assertThat(TimestampTolerance.parseEpochSeconds("0", "t")).isEqualTo(Instant.EPOCH);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "01767225600", "-1", "+1767225600", "1767225600.5", "17672256OO", " 1767225600",
			"1767225600000000000000" })
	void rejectsAnythingElseAsAnInvalidSignature(String text) {
		assertThatException().isThrownBy(() -> TimestampTolerance.parseEpochSeconds(text, "webhook-timestamp header"))
			.isInstanceOfSatisfying(WebhookRejectedException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(Reason.INVALID_SIGNATURE))
			.withMessage("The webhook-timestamp header is not a Unix timestamp in seconds");
	}

	private static void check(Instant timestamp) {
		TimestampTolerance.check(timestamp, ChronoUnit.SECONDS, clock, TOLERANCE);
	}

}
