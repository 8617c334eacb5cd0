package dev.webhookreceiver.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import javax.xml.stream.XMLInputFactory;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.xml.XmlFactory;
import tools.jackson.dataformat.xml.XmlMapper;

import dev.webhookreceiver.WebhookSecretResolver;
import dev.webhookreceiver.dispatch.WebhookDispatcher;
import dev.webhookreceiver.observation.DeliveryMetrics;
import dev.webhookreceiver.observation.MicrometerDeliveryMetrics;
import dev.webhookreceiver.process.DeliveryHandOff;
import dev.webhookreceiver.process.DeliveryProcessor;
import dev.webhookreceiver.process.ProcessingMode;
import dev.webhookreceiver.store.DeliveryStore;
import dev.webhookreceiver.verify.VerifiedDelivery;
import dev.webhookreceiver.verify.WebhookEndpoint;
import dev.webhookreceiver.verify.WebhookProvider;
import dev.webhookreceiver.verify.WebhookRequest;
import dev.webhookreceiver.verify.XmlBodies;
import dev.webhookreceiver.web.ReceivingEndpoint;
import dev.webhookreceiver.web.WebhookController;
import dev.webhookreceiver.web.WebhookEndpoints;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.web.servlet.DispatcherServlet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WebhookReceiverAutoConfiguration}.
 */
class WebhookReceiverAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebhookReceiverAutoConfiguration.class,
				WebhookDeliveryStoreAutoConfiguration.class, DataSourceAutoConfiguration.class,
				HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class,
				JacksonAutoConfiguration.class, WebMvcAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class))
		.withPropertyValues("spring.datasource.generate-unique-name=true");

	@Test
	void registersTheReceiverForConfiguredEndpoints() {
		this.contextRunner
			.withPropertyValues("webhook.receiver.endpoints.github.provider=github",
					"webhook.receiver.endpoints.github.secret=test-only-secret",
					"webhook.receiver.endpoints.orders.provider=standard-webhooks",
					"webhook.receiver.endpoints.orders.secret=whsec_dGVzdC1vbmx5LW9yZGVycy1zZWNyZXQtMDAwMDA=",
					"webhook.receiver.endpoints.orders.path=/hooks/orders",
					"webhook.receiver.endpoints.orders.tolerance=10m")
			.run((context) -> {
				assertThat(context).hasSingleBean(WebhookController.class)
					.hasSingleBean(WebhookDispatcher.class)
					.hasSingleBean(DeliveryStore.class);
				WebhookEndpoints endpoints = context.getBean(WebhookEndpoints.class);
				ReceivingEndpoint github = endpoints.byName("github");
				assertThat(github.path()).isEqualTo("/webhooks/github");
				assertThat(github.settings().secrets()).containsExactly("test-only-secret");
				assertThat(github.settings().tolerance()).isEqualTo(Duration.ofMinutes(5));
				ReceivingEndpoint orders = endpoints.byPath("/hooks/orders");
				assertThat(orders.name()).isEqualTo("orders");
				assertThat(orders.provider().name()).isEqualTo("standard-webhooks");
				assertThat(orders.settings().tolerance()).isEqualTo(Duration.ofMinutes(10));
			});
	}

	@Test
	void startsTheEndpointsOfTheConfigurationReferenceExample() {
		PropertySource<?> example = DocumentedExamples.yaml("configuration.md",
				DocumentedExamples.yamlBlocks(DocumentedExamples.page("configuration.md")).get(0));
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment().getPropertySources().addFirst(example))
			.withPropertyValues("spring.jpa.open-in-view=false", "GITHUB_WEBHOOK_SECRET=test-only-github-secret",
					"STRIPE_WEBHOOK_SECRET=whsec_test_only_stripe_secret",
					"BILLING_WEBHOOK_SECRET=whsec_dGVzdC1vbmx5LWJpbGxpbmctc2VjcmV0LTAwMDA=",
					"ORDERS_WEBHOOK_SECRET=whsec_dGVzdC1vbmx5LW9yZGVycy1zZWNyZXQtMDAwMDA=",
					"CUSTOM_SECRET=test-only-custom-secret")
			.withBean(WebhookSecretResolver.class, () -> (endpoint, pathVariables, headers) -> List.of())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				WebhookEndpoints endpoints = context.getBean(WebhookEndpoints.class);
				assertThat(endpoints.all()).extracting(ReceivingEndpoint::name)
					.containsExactly("github", "stripe", "tenant-stripe", "billing", "orders", "custom");
				ReceivingEndpoint github = endpoints.byName("github");
				assertThat(github.allowedSources().allows("192.30.252.1")).isTrue();
				assertThat(github.allowedSources().allows("203.0.113.1")).isFalse();
				assertThat(github.processing().mode()).isEqualTo(ProcessingMode.SYNC);
				ReceivingEndpoint stripe = endpoints.byName("stripe");
				assertThat(stripe.settings().secrets()).containsExactly("whsec_test_only_stripe_secret");
				assertThat(stripe.settings().tolerance()).isEqualTo(Duration.ofMinutes(10));
				assertThat(endpoints.byName("tenant-stripe").path()).isEqualTo("/webhooks/{account}/stripe");
				assertThat(endpoints.byName("billing").settings().eventType()).isEqualTo("json:/data/kind");
				ReceivingEndpoint orders = endpoints.byName("orders");
				assertThat(orders.path()).isEqualTo("/hooks/orders");
				assertThat(orders.processing().mode()).isEqualTo(ProcessingMode.ASYNC);
				ReceivingEndpoint custom = endpoints.byName("custom");
				assertThat(custom.provider().name()).isEqualTo("hmac");
				assertThat(custom.settings().timestamp()).isEqualTo("header:X-Timestamp");
			});
	}

	@Test
	void bindsEveryTopLevelProperty() {
		this.contextRunner
			.withPropertyValues("webhook.receiver.base-path=/in", "webhook.receiver.max-payload-size=64KB",
					"webhook.receiver.tolerance=30s",
					"webhook.receiver.store.store-payloads=false", "webhook.receiver.store.durable-commits=false",
					"webhook.receiver.store.initialize-schema=never")
			.run((context) -> {
				WebhookReceiverProperties properties = context.getBean(WebhookReceiverProperties.class);
				assertThat(properties.getBasePath()).isEqualTo("/in");
				assertThat(properties.getMaxPayloadSize().toKilobytes()).isEqualTo(64);
				assertThat(properties.getTolerance()).isEqualTo(Duration.ofSeconds(30));
				assertThat(properties.getStore().isStorePayloads()).isFalse();
				assertThat(properties.getStore().isDurableCommits()).isFalse();
				assertThat(properties.getStore().getInitializeSchema().name()).isEqualTo("NEVER");
			});
	}

	@Test
	void mergesSecretAndSecretsAndDropsEmptyOnes() {
		this.contextRunner
			.withPropertyValues("webhook.receiver.endpoints.stripe.provider=stripe",
					"webhook.receiver.endpoints.stripe.secret=whsec_test_current",
					"webhook.receiver.endpoints.stripe.secrets[0]=whsec_test_previous",
					"webhook.receiver.endpoints.stripe.secrets[1]=")
			.run((context) -> assertThat(context.getBean(WebhookEndpoints.class).byName("stripe").settings().secrets())
				.containsExactly("whsec_test_current", "whsec_test_previous"));
	}

	@Test
	void readsXmlBodiesWithTheApplicationsXmlMapperWhereJacksonsXmlModuleIsPresent() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(XmlBodies.class);
			assertThat(context.getBean(XmlBodies.class).xmlMapper()).isSameAs(context.getBean(XmlMapper.class));
		});
	}

	@Test
	void readsXmlBodiesWithAHardenedMapperOfItsOwnWhenTheApplicationsReadsDtds() {
		XMLInputFactory dtds = XMLInputFactory.newFactory();
		dtds.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.TRUE);
		XmlMapper lenient = XmlMapper.builder(XmlFactory.builder().xmlInputFactory(dtds).build()).build();
		this.contextRunner.withBean(XmlMapper.class, () -> lenient).run((context) -> {
			ObjectMapper mapper = context.getBean(XmlBodies.class).xmlMapper();
			assertThat(mapper).isNotSameAs(lenient).isInstanceOf(XmlMapper.class);
			assertThat(XmlBodies.isHardened(((XmlMapper) mapper).tokenStreamFactory().getXMLInputFactory())).isTrue();
		});
	}

	@Test
	void readsNoXmlBodiesWithoutJacksonsXmlModule() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(XmlMapper.class))
			.withPropertyValues("webhook.receiver.endpoints.github.provider=github",
					"webhook.receiver.endpoints.github.secret=test-only-secret")
			.run((context) -> assertThat(context).hasSingleBean(WebhookController.class)
				.doesNotHaveBean(XmlBodies.class));
	}

	@Test
	void backsOffWithoutAServletWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebhookReceiverAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WebhookController.class));
	}

	@Test
	void backsOffWithoutSpringMvc() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WebhookController.class));
	}

	@Test
	void isSwitchedOffByEnabledFalse() {
		this.contextRunner.withPropertyValues("webhook.receiver.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WebhookController.class)
				.doesNotHaveBean(WebhookEndpoints.class)
				.doesNotHaveBean(DeliveryStore.class));
	}

	@Test
	void backsOffWhenTheUserDefinesTheirOwnController() {
		this.contextRunner.withUserConfiguration(OwnControllerConfiguration.class)
			.run((context) -> assertThat(context).getBean(WebhookController.class)
				.isSameAs(context.getBean(OwnControllerConfiguration.class).controller));
	}

	@Test
	void countsDeliveriesWithMicrometerWhenARegistryIsPresent() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class))
			.run((context) -> assertThat(context).getBean(DeliveryMetrics.class)
				.isInstanceOf(MicrometerDeliveryMetrics.class));
	}

	@Test
	void countsNothingWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> assertThat(context).getBean(DeliveryMetrics.class).isSameAs(DeliveryMetrics.NONE));
	}

	@Test
	void usesACustomProviderNamedByItsBeanName() {
		this.contextRunner.withUserConfiguration(CustomProviderConfiguration.class)
			.withPropertyValues("webhook.receiver.endpoints.acme.provider=acmeProvider",
					"webhook.receiver.endpoints.acme.secret=test-only-acme-secret")
			.run((context) -> assertThat(context.getBean(WebhookEndpoints.class).byName("acme").provider())
				.isSameAs(context.getBean("acmeProvider")));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnControllerConfiguration {

		WebhookController controller;

		@Bean
		WebhookController ownWebhookController(WebhookEndpoints endpoints, DeliveryStore store,
				WebhookDispatcher dispatcher) {
			this.controller = new WebhookController(endpoints, store, dispatcher,
					new DeliveryProcessor(store, dispatcher,
							org.springframework.transaction.support.TransactionOperations.withoutTransaction(),
							Clock.systemUTC()),
					DeliveryHandOff.NONE, DeliveryMetrics.NONE, Clock.systemUTC(), org.springframework.util.unit.DataSize.ofKilobytes(1),
					org.springframework.util.unit.DataSize.ofKilobytes(64), java.time.Duration.ofSeconds(5), false);
			return this.controller;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomProviderConfiguration {

		@Bean
		WebhookProvider acmeProvider() {
			return new WebhookProvider() {

				@Override
				public String name() {
					return "acme";
				}

				@Override
				public VerifiedDelivery verify(WebhookRequest request, WebhookEndpoint endpoint, Clock clock) {
					return new VerifiedDelivery("id", "type", null);
				}

			};
		}

	}

}
