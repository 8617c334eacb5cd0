package dev.webhookreceiver.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import dev.webhookreceiver.WebhookConfigurationException;
import dev.webhookreceiver.store.CompletedDeliveryPurger;
import dev.webhookreceiver.store.DeliveryPurgeScheduler;
import dev.webhookreceiver.store.DeliveryStore;
import dev.webhookreceiver.store.H2DurableCommits;
import dev.webhookreceiver.store.JpaDeliveryStore;
import dev.webhookreceiver.store.WebhookDelivery;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScanPackages;
import org.springframework.boot.sql.autoconfigure.init.OnDatabaseInitializationCondition;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.orm.jpa.EntityManagerFactoryInfo;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Auto-configuration of the delivery store: the {@link WebhookDelivery} entity, a
 * {@link JpaDeliveryStore}, the initializer of the {@code webhook_delivery} table, durable
 * commits on an H2 file database ({@link H2DurableCommits}), the periodic purge of completed
 * deliveries older than {@code webhook.receiver.store.retention}, and
 * {@code webhook.receiver.store.acquire-timeout} as the connection timeout of a HikariCP pool
 * that has none of its own.
 * <p>
 * The entity is registered without the application's {@code @EntityScan}: its package is added
 * to the auto-configuration packages, and to the entity scan packages when the application
 * declares some (which then replace the auto-configuration packages).
 */
@AutoConfiguration(after = { DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
		TransactionAutoConfiguration.class })
@ConditionalOnClass({ EntityManager.class, LocalContainerEntityManagerFactoryBean.class, JsonMapper.class })
@ConditionalOnBean(DataSource.class)
@ConditionalOnBooleanProperty(name = "webhook.receiver.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WebhookReceiverProperties.class)
@AutoConfigurationPackage(basePackageClasses = WebhookDelivery.class)
@Import({ DatabaseInitializationDependencyConfigurer.class,
		WebhookDeliveryStoreAutoConfiguration.EntityScanPackagesRegistrar.class })
public final class WebhookDeliveryStoreAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(DeliveryStore.class)
	JpaDeliveryStore jpaDeliveryStore(EntityManagerFactory entityManagerFactory, ObjectProvider<Clock> clock,
			WebhookReceiverProperties properties) {
		return new JpaDeliveryStore(dataSourceOf(entityManagerFactory), clock.getIfUnique(Clock::systemUTC),
				lease(properties), properties.getStore().getAcquireTimeout());
	}

	// Declared after the store: its acknowledgements are what must survive a crash.
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(JpaDeliveryStore.class)
	@ConditionalOnBooleanProperty(name = "webhook.receiver.store.durable-commits", matchIfMissing = true)
	H2DurableCommits h2DurableCommits(DataSource dataSource) {
		return new H2DurableCommits(dataSource);
	}

	// Declared after the store: the purge is on only when that store records the deliveries.
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(JpaDeliveryStore.class)
	@Conditional(OnDeliveryRetentionCondition.class)
	CompletedDeliveryPurger completedDeliveryPurger(EntityManagerFactory entityManagerFactory,
			PlatformTransactionManager transactionManager, ObjectProvider<Clock> clock,
			WebhookReceiverProperties properties) {
		WebhookReceiverProperties.Store store = properties.getStore();
		int batchSize = store.getPurge().getBatchSize();
		if (batchSize <= 0) {
			throw new WebhookConfigurationException(
					"webhook.receiver.store.purge.batch-size is " + batchSize + ", but it must be positive.",
					"Set it to the number of deliveries to delete per transaction, 1000 by default.");
		}
		return new CompletedDeliveryPurger(dataSourceOf(entityManagerFactory), transactionManager, clock.getIfUnique(Clock::systemUTC), store.getRetention(), batchSize);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(CompletedDeliveryPurger.class)
	@Conditional(OnDeliveryRetentionCondition.class)
	DeliveryPurgeScheduler deliveryPurgeScheduler(CompletedDeliveryPurger purger,
			WebhookReceiverProperties properties) {
		Duration interval = properties.getStore().getPurge().getInterval();
		if (interval.isNegative() || interval.isZero()) {
			throw new WebhookConfigurationException(
					"webhook.receiver.store.purge.interval is " + interval + ", but it must be positive.",
					"Set a positive interval such as 1h. To switch purging off, set "
							+ "webhook.receiver.store.retention to 0.");
		}
		return new DeliveryPurgeScheduler(purger, interval);
	}

	@Bean
	@ConditionalOnMissingBean
	@Conditional(OnDeliveryStoreInitializationCondition.class)
	WebhookDeliveryStoreScriptDatabaseInitializer webhookDeliveryStoreScriptDatabaseInitializer(DataSource dataSource,
			WebhookReceiverProperties properties) {
		return new WebhookDeliveryStoreScriptDatabaseInitializer(dataSource, properties.getStore());
	}

	/**
	 * How long a claim committed on its own lasts: {@code webhook.receiver.processing.lease}.
	 * Requests claim deliveries in their handlers' transaction, which needs no lease (a crash
	 * rolls the claim back); workers claim with their endpoints' own lease.
	 */
	private static Duration lease(WebhookReceiverProperties properties) {
		Duration lease = properties.getProcessing().getLease();
		if (lease.isNegative() || lease.isZero()) {
			throw new WebhookConfigurationException(
					"webhook.receiver.processing.lease is " + lease + ", but it must be positive.",
					"Set a positive duration longer than the slowest handler, such as 5m.");
		}
		return lease;
	}

	/**
	 * The data source of the persistence unit, whose connections its transactions hold: the
	 * store's statements must run on those.
	 */
	private static DataSource dataSourceOf(EntityManagerFactory entityManagerFactory) {
		DataSource dataSource = (entityManagerFactory instanceof EntityManagerFactoryInfo info) ? info.getDataSource()
				: null;
		if (dataSource == null) {
			throw new WebhookConfigurationException(
					"The delivery store needs the DataSource of the JPA persistence unit that maps WebhookDelivery, "
							+ "but the EntityManagerFactory does not expose one.",
					"Create the EntityManagerFactory with Spring's LocalContainerEntityManagerFactoryBean (as Spring "
							+ "Boot does) on a DataSource, or define your own DeliveryStore bean.");
		}
		return dataSource;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HikariDataSource.class)
	static class HikariConfiguration {

		@Bean
		static HikariAcquireTimeoutBeanPostProcessor webhookHikariAcquireTimeoutBeanPostProcessor(
				Environment environment) {
			return HikariAcquireTimeoutBeanPostProcessor.of(environment);
		}

	}

	static class OnDeliveryStoreInitializationCondition extends OnDatabaseInitializationCondition {

		OnDeliveryStoreInitializationCondition() {
			super("Webhook delivery store", "webhook.receiver.store.initialize-schema");
		}

	}

	/**
	 * Matches unless {@code webhook.receiver.store.retention} is zero or negative, which
	 * switches purging off.
	 */
	static class OnDeliveryRetentionCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ConditionMessage.Builder message = ConditionMessage.forCondition("Webhook delivery retention");
			Duration retention = Binder.get(context.getEnvironment())
				.bindOrCreate("webhook.receiver.store", WebhookReceiverProperties.Store.class)
				.getRetention();
			if (retention.isNegative() || retention.isZero()) {
				return ConditionOutcome.noMatch(message.because("retention is " + retention + ": purging is off"));
			}
			return ConditionOutcome.match(message.because("retention is " + retention));
		}

	}

	/**
	 * Adds the package of {@link WebhookDelivery} to the entity scan packages that an
	 * {@code @EntityScan} of the application registered before: with those, JPA scans only
	 * them, not the auto-configuration packages.
	 */
	static class EntityScanPackagesRegistrar implements ImportBeanDefinitionRegistrar {

		@Override
		public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata,
				BeanDefinitionRegistry registry) {
			if (registry.containsBeanDefinition(EntityScanPackages.class.getName())) {
				EntityScanPackages.register(registry, WebhookDelivery.class.getPackageName());
			}
		}

	}

}
