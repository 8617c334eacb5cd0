package dev.webhookreceiver.benchmarks;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the open loop's {@link LoadDriver.Schedule}.
 */
class LoadDriverScheduleTests {

	@Test
	void theConnectionsTakeTurnsSoThatAllDeliveriesAreEvenlySpacedAtTheRate() {
		long start = 1_000_000_000L;
		int connections = 4;
		List<Long> times = new ArrayList<>();
		for (int index = 0; index < connections; index++) {
			LoadDriver.Schedule schedule = new LoadDriver.Schedule(start, 500, connections, index);
			for (long n = 0; n < 25; n++) {
				times.add(schedule.sendAt(n));
			}
		}
		times.sort(null);
		// 500 a second: one every 2 ms, 100 of them over 4 connections in 200 ms
		for (int i = 0; i < times.size(); i++) {
			assertThat(times.get(i)).isEqualTo(start + i * 2_000_000L);
		}
	}

	@Test
	void aConnectionSendsItsDeliveriesTheRateOverTheConnectionsApart() {
		LoadDriver.Schedule schedule = new LoadDriver.Schedule(0, 1_000, 32, 3);
		assertThat(schedule.sendAt(0)).isEqualTo(3_000_000L);
		assertThat(schedule.sendAt(1)).isEqualTo(35_000_000L);
		assertThat(schedule.sendAt(1_000)).isEqualTo(32_003_000_000L);
	}

	@Test
	void aScheduleStartedAnewKeepsItsRateAndTurn() {
		LoadDriver.Schedule schedule = new LoadDriver.Schedule(0, 1_000, 32, 3).startingAt(7_000_000_000L);
		assertThat(schedule.sendAt(0)).isEqualTo(7_003_000_000L);
		assertThat(schedule.sendAt(1)).isEqualTo(7_035_000_000L);
	}

}
