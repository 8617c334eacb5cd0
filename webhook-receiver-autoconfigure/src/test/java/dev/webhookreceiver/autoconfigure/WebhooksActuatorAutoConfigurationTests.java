package dev.webhookreceiver.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.webhookreceiver.WebhookConfigurationException;
import dev.webhookreceiver.actuate.WebhooksEndpoint;
import dev.webhookreceiver.actuate.WebhooksEndpointWebExtension;
import dev.webhookreceiver.actuate.WebhooksHealthIndicator;
import dev.webhookreceiver.observation.DeliveryBacklogMetrics;
import dev.webhookreceiver.process.WebhookDeliveries;
import dev.webhookreceiver.process.WebhookDeliveries.Summary;
import dev.webhookreceiver.store.DeliveryBacklog;
import dev.webhookreceiver.store.DeliveryStore;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WebhooksEndpointAutoConfiguration}, {@link WebhooksHealthContributorAutoConfiguration}
 * and the operations and metrics beans of {@link WebhookReceiverAutoConfiguration}.
 */
class WebhooksActuatorAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebhookReceiverAutoConfiguration.class,
				WebhookDeliveryStoreAutoConfiguration.class, WebhooksEndpointAutoConfiguration.class,
				WebhooksHealthContributorAutoConfiguration.class, DataSourceAutoConfiguration.class,
				HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class,
				JacksonAutoConfiguration.class, WebMvcAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class))
		.withPropertyValues("spring.datasource.generate-unique-name=true",
				"webhook.receiver.endpoints.github.provider=github",
				"webhook.receiver.endpoints.github.secret=test-only-secret");

	@Test
	void registersTheOperationsOnDeliveriesWithoutActuator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> assertThat(context).hasSingleBean(WebhookDeliveries.class)
				.hasSingleBean(DeliveryBacklog.class)
				.doesNotHaveBean(WebhooksEndpoint.class));
	}

	@Test
	void registersTheEndpointAndItsWebExtensionWhenExposedOverHttp() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=webhooks")
			.run((context) -> assertThat(context).hasSingleBean(WebhooksEndpoint.class)
				.hasSingleBean(WebhooksEndpointWebExtension.class));
	}

	@Test
	void registersTheEndpointWithoutItsWebExtensionWhenExposedOverJmxOnly() {
		this.contextRunner
			.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=webhooks")
			.run((context) -> assertThat(context).hasSingleBean(WebhooksEndpoint.class)
				.doesNotHaveBean(WebhooksEndpointWebExtension.class));
	}

	@Test
	void backsOffWhenTheEndpointIsNotExposed() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(WebhookDeliveries.class)
			.doesNotHaveBean(WebhooksEndpoint.class)
			.doesNotHaveBean(WebhooksEndpointWebExtension.class));
	}

	@Test
	void backsOffWhenTheEndpointIsDisabled() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=webhooks",
					"management.endpoint.webhooks.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(WebhooksEndpoint.class));
	}

	@Test
	void backsOffWhenTheReceiverIsDisabled() {
		this.contextRunner
			.withPropertyValues("webhook.receiver.enabled=false", "management.endpoints.web.exposure.include=webhooks")
			.run((context) -> assertThat(context).doesNotHaveBean(WebhookDeliveries.class)
				.doesNotHaveBean(WebhooksEndpoint.class)
				.doesNotHaveBean(WebhooksHealthIndicator.class));
	}

	@Test
	void registersTheHealthIndicatorNamedWebhooks() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(WebhooksHealthIndicator.class)
			.hasBean("webhooksHealthIndicator"));
	}

	@Test
	void backsOffTheHealthIndicatorWhenItIsDisabled() {
		this.contextRunner.withPropertyValues("management.health.webhooks.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WebhooksHealthIndicator.class));
	}

	@Test
	void backsOffTheHealthIndicatorWithoutSpringBootsHealthSupport() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
			.run((context) -> assertThat(context).hasSingleBean(DeliveryBacklog.class)
				.doesNotHaveBean(WebhooksHealthIndicator.class));
	}

	@Test
	void failsForAMaxPendingAgeThatIsNotPositive() {
		this.contextRunner.withPropertyValues("webhook.receiver.health.max-pending-age=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(WebhookConfigurationException.class)
				.hasMessageStartingWith("webhook.receiver.health.max-pending-age is PT0S, but it must be positive."));
	}

	@Test
	void failsForANegativeMaxDead() {
		this.contextRunner.withPropertyValues("webhook.receiver.health.max-dead=-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(WebhookConfigurationException.class)
				.hasMessageStartingWith("webhook.receiver.health.max-dead is -1, but it must not be negative."));
	}

	@Test
	void registersTheBacklogGaugeWithMicrometer() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(DeliveryBacklogMetrics.class));
	}

	@Test
	void registersABacklogGaugePerPendingStatus() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context.getBean(MeterRegistry.class).find(DeliveryBacklogMetrics.PENDING).gauges())
				.extracting((gauge) -> gauge.getId().getTag("status"))
				.containsExactlyInAnyOrder("received", "processing", "failed", "dead"));
	}

	@Test
	void leavesHealthAndMetricsAloneWithAStoreOfItsOwnThatCannotCountDeliveries() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(DeliveryStore.class, WebhookDeliveryStoreAutoConfigurationTests.NoOpDeliveryStore::new)
			.run((context) -> {
				assertThat(context.getBean(WebhooksHealthIndicator.class).health().getStatus())
					.isEqualTo(Status.UNKNOWN);
				assertThat(context.getBean(MeterRegistry.class).find(DeliveryBacklogMetrics.PENDING).gauges())
					.isEmpty();
				Summary summary = context.getBean(WebhookDeliveries.class).summary();
				assertThat(summary.endpoints()).containsOnlyKeys("github");
				assertThat(summary.deliveries()).isEmpty();
			});
	}

	@Test
	void registersNoBacklogGaugeWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> assertThat(context).doesNotHaveBean(DeliveryBacklogMetrics.class));
	}

}
