package dev.webhookreceiver.store;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.webhookreceiver.autoconfigure.WebhookDeliveryStoreAutoConfiguration;
import dev.webhookreceiver.store.DeliveryClaim.State;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention guarantee of {@link CompletedDeliveryPurger}, proven on each database by a
 * subclass: old {@code PROCESSED} and {@code IGNORED} deliveries are purged in batches, every
 * other delivery is kept.
 */
abstract class AbstractCompletedDeliveryPurgerTests {

	private static final Duration RETENTION = Duration.ofDays(30);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:15:30Z"));

	private final Instant old = this.clock.instant().minus(RETENTION).minusSeconds(1);

	private final Instant young = this.clock.instant().minus(RETENTION).plusSeconds(1);

	/**
	 * A context runner with the delivery store auto-configured on the database under test and
	 * its own scheduled purge switched off, so that only the test purges.
	 * @return the context runner
	 */
	protected ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class,
					WebhookDeliveryStoreAutoConfiguration.class))
			.withPropertyValues("spring.jpa.hibernate.ddl-auto=validate", "webhook.receiver.store.retention=0")
			.withPropertyValues(databaseProperties())
			.withBean(MutableClock.class, () -> this.clock);
	}

	/**
	 * The properties that point the data source at the database under test.
	 * @return the properties
	 */
	protected abstract String[] databaseProperties();

	@Test
	void purgesOldProcessedAndIgnoredDeliveriesAndKeepsEveryOtherOne() {
		run((context) -> {
			record(context, "processed-old", DeliveryStatus.PROCESSED, this.old);
			record(context, "ignored-old", DeliveryStatus.IGNORED, this.old);
			record(context, "processed-young", DeliveryStatus.PROCESSED, this.young);
			record(context, "ignored-young", DeliveryStatus.IGNORED, this.young);
			record(context, "received-old", DeliveryStatus.RECEIVED, this.old);
			record(context, "processing-old", DeliveryStatus.PROCESSING, this.old);
			record(context, "failed-old", DeliveryStatus.FAILED, this.old);
			record(context, "dead-old", DeliveryStatus.DEAD, this.old);
			assertThat(purger(context, 1000).purge()).isEqualTo(2);
			assertThat(recordedDeliveryIds(context)).containsExactlyInAnyOrder("processed-young", "ignored-young",
					"received-old", "processing-old", "failed-old", "dead-old");
		});
	}

	@Test
	void keepsADeliveryLastUpdatedExactlyOneRetentionAgo() {
		run((context) -> {
			record(context, "processed-at-cutoff", DeliveryStatus.PROCESSED, this.clock.instant().minus(RETENTION));
			assertThat(purger(context, 1000).purge()).isZero();
			assertThat(recordedDeliveryIds(context)).containsExactly("processed-at-cutoff");
		});
	}

	@Test
	void purgesMoreDeliveriesThanOneBatchOverSeveralBatches() {
		run((context) -> {
			List<String> kept = new ArrayList<>();
			for (int i = 0; i < 25; i++) {
				record(context, "processed-" + i, (i % 2 == 0) ? DeliveryStatus.PROCESSED : DeliveryStatus.IGNORED,
						this.old);
				if (i % 5 == 0) {
					record(context, "dead-" + i, DeliveryStatus.DEAD, this.old);
					kept.add("dead-" + i);
				}
			}
			assertThat(purger(context, 10).purge()).isEqualTo(25);
			assertThat(recordedDeliveryIds(context)).containsExactlyInAnyOrderElementsOf(kept);
		});
	}

	@Test
	void purgesAWholeNumberOfBatches() {
		run((context) -> {
			for (int i = 0; i < 20; i++) {
				record(context, "processed-" + i, DeliveryStatus.PROCESSED, this.old);
			}
			assertThat(purger(context, 10).purge()).isEqualTo(20);
			assertThat(recordedDeliveryIds(context)).isEmpty();
		});
	}

	@Test
	void purgesACompletedDeliveryOnceTheRetentionHasPassedSinceItCompleted() {
		run((context) -> {
			DeliveryStore store = context.getBean(DeliveryStore.class);
			NewDelivery delivery = new NewDelivery("github", UUID.randomUUID().toString(), "push", null, Map.of());
			DeliveryClaim claim = store.claim(delivery);
			this.clock.advance(Duration.ofMinutes(1));
			new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
				.executeWithoutResult((status) -> store.complete(claim, DeliveryStatus.PROCESSED));
			CompletedDeliveryPurger purger = purger(context, 1000);
			this.clock.advance(RETENTION);
			assertThat(purger.purge()).isZero();
			assertThat(store.claim(delivery).state()).isEqualTo(State.DUPLICATE);
			this.clock.advance(Duration.ofSeconds(1));
			assertThat(purger.purge()).isOne();
			assertThat(recordedDeliveryIds(context)).isEmpty();
		});
	}

	@Test
	void endsAfterTheCurrentBatchWhenInterrupted() {
		run((context) -> {
			for (int i = 0; i < 5; i++) {
				record(context, "processed-" + i, DeliveryStatus.PROCESSED, this.old);
			}
			CompletedDeliveryPurger purger = purger(context, 2);
			Thread.currentThread().interrupt();
			try {
				assertThat(purger.purge()).isEqualTo(2);
			}
			finally {
				Thread.interrupted();
			}
			assertThat(purger.purge()).isEqualTo(3);
		});
	}

	@Test
	void instancesPurgingAtTheSameTimeDeleteEachDeliveryOnce() {
		run((first) -> contextRunner().run((second) -> {
			int deliveries = 200;
			for (int i = 0; i < deliveries; i++) {
				record(first, "processed-" + i, DeliveryStatus.PROCESSED, this.old);
			}
			record(first, "failed", DeliveryStatus.FAILED, this.old);
			List<CompletedDeliveryPurger> purgers = List.of(purger(first, 10), purger(second, 10), purger(first, 10),
					purger(second, 10));
			ExecutorService executor = Executors.newFixedThreadPool(purgers.size());
			try {
				CountDownLatch go = new CountDownLatch(1);
				List<Future<Long>> purged = new ArrayList<>();
				for (CompletedDeliveryPurger purger : purgers) {
					purged.add(executor.submit(() -> {
						go.await();
						return purger.purge();
					}));
				}
				go.countDown();
				long total = 0;
				for (Future<Long> future : purged) {
					total += future.get(60, TimeUnit.SECONDS);
				}
				assertThat(total).isEqualTo(deliveries);
				assertThat(recordedDeliveryIds(first)).containsExactly("failed");
			}
			finally {
				executor.shutdownNow();
			}
		}));
	}

	/**
	 * Runs the test in a context whose table holds no deliveries of earlier tests.
	 */
	private void run(ContextConsumer<AssertableApplicationContext> test) {
		contextRunner().run((context) -> {
			jdbc(context).update("DELETE FROM webhook_delivery");
			test.accept(context);
		});
	}

	private CompletedDeliveryPurger purger(ApplicationContext context, int batchSize) {
		return new CompletedDeliveryPurger(context.getBean(DataSource.class),
				context.getBean(PlatformTransactionManager.class), this.clock, RETENTION, batchSize);
	}

	private static void record(ApplicationContext context, String deliveryId, DeliveryStatus status,
			Instant updatedAt) {
		jdbc(context).update(
				"INSERT INTO webhook_delivery (endpoint, delivery_id, event_type, status, attempts, received_at, "
						+ "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
				"github", deliveryId, "push", status.name(), 1, updatedAt.minusSeconds(60).atOffset(ZoneOffset.UTC),
				updatedAt.atOffset(ZoneOffset.UTC));
	}

	private static List<String> recordedDeliveryIds(ApplicationContext context) {
		return jdbc(context).queryForList("SELECT delivery_id FROM webhook_delivery", String.class);
	}

	private static JdbcTemplate jdbc(ApplicationContext context) {
		return new JdbcTemplate(context.getBean(DataSource.class));
	}

}
