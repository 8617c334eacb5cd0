package dev.webhookreceiver.store;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link DeliveryPurgeScheduler}.
 */
class DeliveryPurgeSchedulerTests {

	private static final Duration SHORT_INTERVAL = Duration.ofMillis(10);

	@Test
	void purgesPeriodicallyOnADaemonThreadOfItsOwn() throws InterruptedException {
		RecordingPurger purger = new RecordingPurger(3);
		DeliveryPurgeScheduler scheduler = new DeliveryPurgeScheduler(purger, SHORT_INTERVAL);
		scheduler.start();
		try {
			assertThat(scheduler.isRunning()).isTrue();
			assertThat(purger.purges.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(purger.threads).allSatisfy((thread) -> {
				assertThat(thread.getName()).startsWith("webhook-purge-");
				assertThat(thread.isDaemon()).isTrue();
			});
		}
		finally {
			scheduler.stop();
		}
	}

	@Test
	void keepsPurgingAfterAPurgeFailed() throws InterruptedException {
		RecordingPurger purger = new RecordingPurger(3) {

			@Override
			public long purge() {
				super.purge();
				throw new IllegalStateException("The database is down");
			}

		};
		DeliveryPurgeScheduler scheduler = new DeliveryPurgeScheduler(purger, SHORT_INTERVAL);
		scheduler.start();
		try {
			assertThat(purger.purges.await(10, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			scheduler.stop();
		}
	}

	@Test
	void stopInterruptsAPurgeInProgressAndEndsThePurgeThread() throws InterruptedException {
		CountDownLatch interrupted = new CountDownLatch(1);
		RecordingPurger purger = new RecordingPurger(1) {

			@Override
			public long purge() {
				super.purge();
				try {
					new CountDownLatch(1).await(1, TimeUnit.MINUTES);
				}
				catch (InterruptedException ex) {
					interrupted.countDown();
				}
				return 0;
			}

		};
		DeliveryPurgeScheduler scheduler = new DeliveryPurgeScheduler(purger, SHORT_INTERVAL);
		scheduler.start();
		assertThat(purger.purges.await(10, TimeUnit.SECONDS)).isTrue();
		scheduler.stop();
		assertThat(scheduler.isRunning()).isFalse();
		assertThat(interrupted.getCount()).isZero();
		Thread thread = purger.threads.get(0);
		thread.join(TimeUnit.SECONDS.toMillis(10));
		assertThat(thread.isAlive()).isFalse();
	}

	@Test
	void startingTwiceKeepsOnePurgeThread() throws InterruptedException {
		RecordingPurger purger = new RecordingPurger(2);
		DeliveryPurgeScheduler scheduler = new DeliveryPurgeScheduler(purger, SHORT_INTERVAL);
		scheduler.start();
		scheduler.start();
		try {
			assertThat(purger.purges.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(purger.threads).containsOnly(purger.threads.get(0));
		}
		finally {
			scheduler.stop();
		}
	}

	@Test
	void stoppingBeforeStartingDoesNothing() {
		DeliveryPurgeScheduler scheduler = new DeliveryPurgeScheduler(new RecordingPurger(1), SHORT_INTERVAL);
		scheduler.stop();
		assertThat(scheduler.isRunning()).isFalse();
	}

	@Test
	void refusesAnIntervalThatIsNotPositive() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DeliveryPurgeScheduler(new RecordingPurger(1), Duration.ZERO))
			.withMessage("'interval' must be positive");
	}

	/**
	 * A purger that records the threads it runs on, without a database.
	 */
	static class RecordingPurger extends CompletedDeliveryPurger {

		final CountDownLatch purges;

		final List<Thread> threads = new CopyOnWriteArrayList<>();

		RecordingPurger(int expectedPurges) {
			super(mock(DataSource.class), mock(PlatformTransactionManager.class), Clock.systemUTC(),
					Duration.ofDays(30), 1000);
			this.purges = new CountDownLatch(expectedPurges);
		}

		@Override
		public long purge() {
			this.threads.add(Thread.currentThread());
			this.purges.countDown();
			return 0;
		}

	}

}
