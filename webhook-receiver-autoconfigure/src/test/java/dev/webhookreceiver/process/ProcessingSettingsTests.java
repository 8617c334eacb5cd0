package dev.webhookreceiver.process;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ProcessingSettings}: the backoff schedule and when a delivery is out of
 * attempts.
 */
class ProcessingSettingsTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private final ProcessingSettings settings = new ProcessingSettings(ProcessingMode.ASYNC, 8,
			Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofMinutes(5), 4, Duration.ofSeconds(1), false);

	@Test
	void backoffDoublesFromTheInitialOneUpToTheMaximum() {
		assertThat(this.settings.backoff(1)).isEqualTo(Duration.ofSeconds(10));
		assertThat(this.settings.backoff(2)).isEqualTo(Duration.ofSeconds(20));
		assertThat(this.settings.backoff(7)).isEqualTo(Duration.ofSeconds(640));
		assertThat(this.settings.backoff(9)).isEqualTo(Duration.ofSeconds(2560));
		assertThat(this.settings.backoff(10)).isEqualTo(Duration.ofHours(1));
		assertThat(this.settings.backoff(1000)).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void theNextAttemptComesAfterTheBackoffLessAtMostAFifthOfIt() {
		for (int i = 0; i < 100; i++) {
			assertThat(this.settings.nextAttempt(3, NOW)).isBetween(NOW.plusSeconds(32), NOW.plusSeconds(40));
		}
	}

	@Test
	void thereIsNoNextAttemptAfterTheLastOne() {
		assertThat(this.settings.nextAttempt(7, NOW)).isNotNull();
		assertThat(this.settings.nextAttempt(8, NOW)).isNull();
	}

	@Test
	void workersProcessAsyncEndpointsAndSyncOnesThatRetryFailures() {
		assertThat(this.settings.byWorkers()).isTrue();
		assertThat(ProcessingSettings.DEFAULT.byWorkers()).isFalse();
		assertThat(new ProcessingSettings(ProcessingMode.SYNC, 8, Duration.ofSeconds(10), Duration.ofHours(1),
				Duration.ofMinutes(5), 4, Duration.ofSeconds(1), true)
			.byWorkers()).isTrue();
	}

}
