package dev.webhookreceiver.autoconfigure;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.webhookreceiver.WebhookConfigurationException;
import dev.webhookreceiver.store.CompletedDeliveryPurger;
import dev.webhookreceiver.store.DeliveryClaim;
import dev.webhookreceiver.store.DeliveryPurgeScheduler;
import dev.webhookreceiver.store.DeliveryStatus;
import dev.webhookreceiver.store.DeliveryStore;
import dev.webhookreceiver.store.H2DurableCommits;
import dev.webhookreceiver.store.JpaDeliveryStore;
import dev.webhookreceiver.store.NewDelivery;
import dev.webhookreceiver.store.WebhookDelivery;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.persistence.autoconfigure.EntityScanPackages;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WebhookDeliveryStoreAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebhookDeliveryStoreAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class,
				WebhookDeliveryStoreAutoConfiguration.class));

	@Test
	void registersTheStoreTheSchemaInitializerAndTheEntity() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(JpaDeliveryStore.class);
			assertThat(context).hasSingleBean(WebhookDeliveryStoreScriptDatabaseInitializer.class);
			assertThat(AutoConfigurationPackages.get(context)).contains(WebhookDelivery.class.getPackageName());
			assertThat(managedTypes(context)).contains(WebhookDelivery.class);
		});
	}

	@Test
	void initializesTheSchemaOfAnEmbeddedDatabaseByDefaultBeforeHibernateValidatesIt() {
		this.contextRunner.withPropertyValues("spring.jpa.hibernate.ddl-auto=validate").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(tableExists(context)).isTrue();
			DeliveryStore store = context.getBean(DeliveryStore.class);
			DeliveryClaim claim = store.claim(new NewDelivery("github", "1", "push", null, Map.of()));
			store.complete(claim, DeliveryStatus.PROCESSED);
			assertThat(store.claim(new NewDelivery("github", "1", "push", null, Map.of())).state())
				.isEqualTo(DeliveryClaim.State.DUPLICATE);
		});
	}

	@Test
	void doesNotInitializeTheSchemaWhenInitializeSchemaIsNever() {
		this.contextRunner
			.withPropertyValues("webhook.receiver.store.initialize-schema=never", "spring.jpa.hibernate.ddl-auto=none")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(WebhookDeliveryStoreScriptDatabaseInitializer.class);
				assertThat(context).hasSingleBean(JpaDeliveryStore.class);
				assertThat(tableExists(context)).isFalse();
			});
	}

	@Test
	void skipsAPlatformWithoutScriptInEmbeddedMode() {
		this.contextRunner
			.withPropertyValues("webhook.receiver.store.platform=sqlserver", "spring.jpa.hibernate.ddl-auto=none")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(tableExists(context)).isFalse();
			});
	}

	@Test
	void failsForAPlatformWithoutScriptWhenInitializeSchemaIsAlways() {
		this.contextRunner
			.withPropertyValues("webhook.receiver.store.platform=sqlserver",
					"webhook.receiver.store.initialize-schema=always")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("classpath:dev/webhookreceiver/store/schema-sqlserver.sql"));
	}

	@Test
	void usesACustomSchemaLocation() {
		this.contextRunner
			.withPropertyValues("webhook.receiver.store.schema=classpath:dev/webhookreceiver/store/schema-h2.sql",
					"webhook.receiver.store.platform=sqlserver", "spring.jpa.hibernate.ddl-auto=validate")
			.run((context) -> assertThat(tableExists(context)).isTrue());
	}

	@Test
	void backsOffWhenTheUserDefinesTheirOwnStore() {
		DeliveryStore userStore = new NoOpDeliveryStore();
		this.contextRunner.withBean(DeliveryStore.class, () -> userStore).run((context) -> {
			assertThat(context).doesNotHaveBean(JpaDeliveryStore.class);
			assertThat(context).getBean(DeliveryStore.class).isSameAs(userStore);
		});
	}

	@Test
	void backsOffWhenTheUserDefinesTheirOwnSchemaInitializer() {
		this.contextRunner.withUserConfiguration(UserInitializerConfiguration.class)
			.run((context) -> assertThat(context).getBeanNames(WebhookDeliveryStoreScriptDatabaseInitializer.class)
				.containsExactly("userInitializer"));
	}

	@Test
	void isOffWhenTheReceiverIsDisabled() {
		this.contextRunner.withPropertyValues("webhook.receiver.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(DeliveryStore.class);
			assertThat(context).doesNotHaveBean(WebhookDeliveryStoreScriptDatabaseInitializer.class);
			assertThat(context).doesNotHaveBean(CompletedDeliveryPurger.class);
			assertThat(context).doesNotHaveBean(DeliveryPurgeScheduler.class);
		});
	}

	@Test
	void registersThePurgeWhoseSchedulerStartsAndStopsWithTheContext() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(CompletedDeliveryPurger.class);
			DeliveryPurgeScheduler scheduler = context.getBean(DeliveryPurgeScheduler.class);
			assertThat(scheduler.isRunning()).isTrue();
			context.close();
			assertThat(scheduler.isRunning()).isFalse();
		});
	}

	@Test
	void purgesWithTheConfiguredRetentionAndBatchSize() {
		this.contextRunner
			.withPropertyValues("webhook.receiver.store.retention=1d", "webhook.receiver.store.purge.batch-size=2")
			.run((context) -> {
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				Instant now = Instant.now();
				for (int i = 0; i < 5; i++) {
					record(jdbc, "old-" + i, now.minus(Duration.ofDays(1)).minusSeconds(60));
				}
				record(jdbc, "young", now.minus(Duration.ofDays(1)).plusSeconds(60));
				assertThat(context.getBean(CompletedDeliveryPurger.class).purge()).isEqualTo(5);
				assertThat(jdbc.queryForList("SELECT delivery_id FROM webhook_delivery", String.class))
					.containsExactly("young");
			});
	}

	@Test
	void switchesPurgingOffWhenTheRetentionIsZero() {
		this.contextRunner.withPropertyValues("webhook.receiver.store.retention=0").run((context) -> {
			assertThat(context).hasSingleBean(JpaDeliveryStore.class);
			assertThat(context).doesNotHaveBean(CompletedDeliveryPurger.class);
			assertThat(context).doesNotHaveBean(DeliveryPurgeScheduler.class);
		});
	}

	@Test
	void switchesPurgingOffWhenTheRetentionIsNegative() {
		this.contextRunner.withPropertyValues("webhook.receiver.store.retention=-1d").run((context) -> {
			assertThat(context).doesNotHaveBean(CompletedDeliveryPurger.class);
			assertThat(context).doesNotHaveBean(DeliveryPurgeScheduler.class);
		});
	}

	@Test
	void schedulesTheUsersOwnPurgerAtTheConfiguredInterval() {
		this.contextRunner.withUserConfiguration(UserPurgerConfiguration.class)
			.withPropertyValues("webhook.receiver.store.purge.interval=10ms")
			.run((context) -> {
				assertThat(context).getBeanNames(CompletedDeliveryPurger.class).containsExactly("userPurger");
				assertThat(context).hasSingleBean(DeliveryPurgeScheduler.class);
				CountingPurger purger = context.getBean(CountingPurger.class);
				assertThat(purger.purges.await(10, TimeUnit.SECONDS)).isTrue();
			});
	}

	@Test
	void backsOffWhenTheUserDefinesTheirOwnPurgeScheduler() {
		this.contextRunner.withUserConfiguration(UserPurgeSchedulerConfiguration.class)
			.run((context) -> assertThat(context).getBeanNames(DeliveryPurgeScheduler.class)
				.containsExactly("userPurgeScheduler"));
	}

	@Test
	void doesNotPurgeWhenTheUserDefinesAStoreOfAnotherKind() {
		this.contextRunner.withBean(DeliveryStore.class, NoOpDeliveryStore::new).run((context) -> {
			assertThat(context).doesNotHaveBean(CompletedDeliveryPurger.class);
			assertThat(context).doesNotHaveBean(DeliveryPurgeScheduler.class);
		});
	}

	@Test
	void purgesWhenTheUserDefinesTheirOwnJpaDeliveryStore() {
		this.contextRunner.withUserConfiguration(UserJpaDeliveryStoreConfiguration.class).run((context) -> {
			assertThat(context).getBeanNames(DeliveryStore.class).containsExactly("userStore");
			assertThat(context).hasSingleBean(CompletedDeliveryPurger.class);
			assertThat(context).hasSingleBean(DeliveryPurgeScheduler.class);
		});
	}

	@Test
	void failsForABatchSizeThatIsNotPositive() {
		this.contextRunner.withPropertyValues("webhook.receiver.store.purge.batch-size=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(WebhookConfigurationException.class)
				.hasMessageStartingWith("webhook.receiver.store.purge.batch-size is 0, but it must be positive."));
	}

	@Test
	void failsForAnIntervalThatIsNotPositive() {
		this.contextRunner.withPropertyValues("webhook.receiver.store.purge.interval=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(WebhookConfigurationException.class)
				.hasMessageStartingWith("webhook.receiver.store.purge.interval is PT0S, but it must be positive."));
	}

	@Test
	void claimsCommittedOnTheirOwnLastFiveMinutes() {
		Instant now = Instant.parse("2026-03-01T10:15:30Z");
		this.contextRunner.withBean(Clock.class, () -> Clock.fixed(now, ZoneOffset.UTC)).run((context) -> {
			DeliveryClaim claim = context.getBean(DeliveryStore.class)
				.claim(new NewDelivery("github", "1", "push", null, Map.of()));
			assertThat(leaseUntil(context, claim)).isEqualTo(now.plus(Duration.ofMinutes(5)));
		});
	}

	@Test
	void makesTheCommitsOfAnH2FileDatabaseDurable(@TempDir Path directory) {
		this.contextRunner.withPropertyValues(fileDatabase(directory)).run((context) -> {
			assertThat(context).hasSingleBean(H2DurableCommits.class);
			assertThat(writeDelays(context)).containsOnly(0);
		});
	}

	@Test
	void leavesTheCommitsOfAnH2FileDatabaseAsTheyAreWhenDurableCommitsIsOff(@TempDir Path directory) {
		this.contextRunner.withPropertyValues(fileDatabase(directory))
			.withPropertyValues("webhook.receiver.store.durable-commits=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(H2DurableCommits.class);
				assertThat(writeDelays(context)).containsOnly(500);
			});
	}

	@Test
	void leavesTheDatabaseAsItIsWhenTheUserDefinesAStoreOfAnotherKind() {
		this.contextRunner.withBean(DeliveryStore.class, NoOpDeliveryStore::new)
			.run((context) -> assertThat(context).doesNotHaveBean(H2DurableCommits.class));
	}

	@Test
	void makesTheAcquireTimeoutTheConnectionTimeoutOfAHikariPoolWithoutOne(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(HikariDataSource.class).getConnectionTimeout()).isEqualTo(3000);
			assertThat(output)
				.contains("Set the connection timeout of the HikariCP DataSource 'dataSource' to 3000 ms");
		});
	}

	@Test
	void appliesTheConfiguredAcquireTimeoutToAHikariPool() {
		this.contextRunner.withPropertyValues("webhook.receiver.store.acquire-timeout=1500ms")
			.run((context) -> assertThat(context.getBean(HikariDataSource.class).getConnectionTimeout())
				.isEqualTo(1500));
	}

	@Test
	void leavesTheConnectionTimeoutThatTheApplicationConfiguredForItsHikariPool() {
		this.contextRunner.withPropertyValues("spring.datasource.hikari.connection-timeout=30000")
			.run((context) -> assertThat(context.getBean(HikariDataSource.class).getConnectionTimeout())
				.isEqualTo(30000));
		this.contextRunner.withPropertyValues("spring.datasource.hikari.connectionTimeout=20000")
			.run((context) -> assertThat(context.getBean(HikariDataSource.class).getConnectionTimeout())
				.isEqualTo(20000));
	}

	@Test
	void leavesAHikariPoolWhoseConnectionTimeoutIsNotTheDefault() {
		this.contextRunner.withBean(HikariDataSource.class, () -> {
			HikariDataSource dataSource = new HikariDataSource();
			dataSource.setJdbcUrl("jdbc:h2:mem:own-pool");
			dataSource.setConnectionTimeout(10000);
			return dataSource;
		})
			.run((context) -> assertThat(context.getBean(HikariDataSource.class).getConnectionTimeout())
				.isEqualTo(10000));
	}

	@Test
	void leavesPoolsOtherThanHikariAlone() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HikariDataSource.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(HikariAcquireTimeoutBeanPostProcessor.class);
		});
	}

	@Test
	void backsOffWithoutADataSource() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebhookDeliveryStoreAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(DeliveryStore.class);
			});
	}

	@Test
	void backsOffWithoutJpa() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(EntityManager.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(DeliveryStore.class);
		});
	}

	@Test
	void registersTheEntityBesideThoseOfTheApplicationsEntityScan() {
		this.contextRunner.withUserConfiguration(EntityScanConfiguration.class)
			.withPropertyValues("spring.jpa.hibernate.ddl-auto=create-drop")
			.run((context) -> {
				assertThat(EntityScanPackages.get(context).getPackageNames()).containsExactly(
						EntityScanConfiguration.class.getPackageName(), WebhookDelivery.class.getPackageName());
				assertThat(managedTypes(context)).contains(WebhookDelivery.class, UserEntity.class);
				DeliveryStore store = context.getBean(DeliveryStore.class);
				assertThat(store.claim(new NewDelivery("github", "1", "push", null, Map.of())).acquired())
					.isTrue();
			});
	}

	private static void record(JdbcTemplate jdbc, String deliveryId, Instant updatedAt) {
		jdbc.update(
				"INSERT INTO webhook_delivery (endpoint, delivery_id, event_type, status, attempts, received_at, "
						+ "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
				"github", deliveryId, "push", DeliveryStatus.PROCESSED.name(), 1, updatedAt.atOffset(ZoneOffset.UTC),
				updatedAt.atOffset(ZoneOffset.UTC));
	}

	private static String[] fileDatabase(Path directory) {
		return new String[] { "spring.datasource.url=jdbc:h2:file:" + directory.resolve("webhooks"),
				"webhook.receiver.store.initialize-schema=always" };
	}

	private static List<Integer> writeDelays(ApplicationContext context) {
		return new JdbcTemplate(context.getBean(DataSource.class)).queryForList(
				"SELECT CAST(SETTING_VALUE AS INT) FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'",
				Integer.class);
	}

	private static Instant leaseUntil(ApplicationContext context, DeliveryClaim claim) {
		return new JdbcTemplate(context.getBean(DataSource.class)).queryForObject(
				"SELECT lease_until FROM webhook_delivery WHERE id = ?", OffsetDateTime.class, claim.recordId())
			.toInstant();
	}

	private static List<Class<?>> managedTypes(ApplicationContext context) {
		return context.getBean(EntityManagerFactory.class)
			.getMetamodel()
			.getEntities()
			.stream()
			.<Class<?>>map((entity) -> entity.getJavaType())
			.toList();
	}

	private static boolean tableExists(ApplicationContext context) {
		Integer count = new JdbcTemplate(context.getBean(DataSource.class)).queryForObject(
				"SELECT COUNT(*) FROM information_schema.tables WHERE LOWER(table_name) = 'webhook_delivery'",
				Integer.class);
		return count != null && count > 0;
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = WebhookDeliveryStoreAutoConfigurationTests.class)
	static class EntityScanConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserInitializerConfiguration {

		@Bean
		WebhookDeliveryStoreScriptDatabaseInitializer userInitializer(DataSource dataSource) {
			return new WebhookDeliveryStoreScriptDatabaseInitializer(dataSource, new WebhookReceiverProperties.Store());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserPurgerConfiguration {

		@Bean
		CountingPurger userPurger(DataSource dataSource,
				PlatformTransactionManager transactionManager) {
			return new CountingPurger(dataSource, transactionManager);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserPurgeSchedulerConfiguration {

		@Bean
		DeliveryPurgeScheduler userPurgeScheduler(CompletedDeliveryPurger purger) {
			return new DeliveryPurgeScheduler(purger, Duration.ofDays(1));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserJpaDeliveryStoreConfiguration {

		@Bean
		JpaDeliveryStore userStore(DataSource dataSource) {
			return new JpaDeliveryStore(dataSource, Clock.systemUTC(), Duration.ofMinutes(1), Duration.ofSeconds(3));
		}

	}

	/**
	 * A purger that counts its purges.
	 */
	static class CountingPurger extends CompletedDeliveryPurger {

		final CountDownLatch purges = new CountDownLatch(3);

		CountingPurger(DataSource dataSource, PlatformTransactionManager transactionManager) {
			super(dataSource, transactionManager, Clock.systemUTC(), Duration.ofDays(30), 1000);
		}

		@Override
		public long purge() {
			long purged = super.purge();
			this.purges.countDown();
			return purged;
		}

	}

	@Entity
	@Table(name = "user_entity")
	static class UserEntity {

		@Id
		private Long id;

	}

	static class NoOpDeliveryStore implements DeliveryStore {

		@Override
		public DeliveryClaim claim(NewDelivery delivery) {
			return new DeliveryClaim(delivery, DeliveryClaim.State.ACQUIRED, 1, 1, null);
		}

		@Override
		public void complete(DeliveryClaim claim, DeliveryStatus status) {
		}

		@Override
		public void fail(DeliveryClaim claim, Throwable error) {
		}

	}

}
