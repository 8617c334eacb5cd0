package dev.webhookreceiver.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.webhookreceiver.WebhookSecretResolver;
import dev.webhookreceiver.process.ProcessingMode;
import dev.webhookreceiver.web.ReceivingEndpoint;
import dev.webhookreceiver.web.WebhookEndpoints;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code application.yml} examples of the documentation: the configuration reference's
 * starts the receiver with the endpoints it describes, and every example that configures
 * {@code webhook.receiver} names only properties that exist.
 */
class DocumentedConfigurationTests {

	private static final Path DOCS = Path.of("..", "docs");

	private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebhookReceiverAutoConfiguration.class,
				WebhookDeliveryStoreAutoConfiguration.class, DataSourceAutoConfiguration.class,
				HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class,
				JacksonAutoConfiguration.class, WebMvcAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class))
		.withPropertyValues("spring.datasource.generate-unique-name=true", "spring.jpa.open-in-view=false");

	@Test
	void theConfigurationReferenceExampleStartsTheEndpointsItDescribes() {
		PropertySource<?> example = yaml("configuration.md", yamlBlocks(read(DOCS.resolve("configuration.md"))).get(0));
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment().getPropertySources().addFirst(example))
			.withPropertyValues("GITHUB_WEBHOOK_SECRET=test-only-github-secret",
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
				assertThat(endpoint(endpoints, "github").allowedSources().allows("192.30.252.1")).isTrue();
				assertThat(endpoint(endpoints, "github").allowedSources().allows("203.0.113.1")).isFalse();
				assertThat(endpoint(endpoints, "stripe").settings().secrets())
					.containsExactly("whsec_test_only_stripe_secret");
				assertThat(endpoint(endpoints, "stripe").settings().tolerance()).isEqualTo(Duration.ofMinutes(10));
				assertThat(endpoint(endpoints, "tenant-stripe").path()).isEqualTo("/webhooks/{account}/stripe");
				assertThat(endpoint(endpoints, "billing").settings().eventType()).isEqualTo("json:/data/kind");
				assertThat(endpoint(endpoints, "orders").path()).isEqualTo("/hooks/orders");
				assertThat(endpoint(endpoints, "orders").processing().mode()).isEqualTo(ProcessingMode.ASYNC);
				assertThat(endpoint(endpoints, "github").processing().mode()).isEqualTo(ProcessingMode.SYNC);
				assertThat(endpoint(endpoints, "custom").provider().name()).isEqualTo("hmac");
				assertThat(endpoint(endpoints, "custom").settings().timestamp()).isEqualTo("header:X-Timestamp");
			});
	}

	@Test
	void everyExampleThatConfiguresTheReceiverNamesOnlyItsProperties() throws IOException {
		List<String> examples = new ArrayList<>();
		try (Stream<Path> pages = Stream.concat(Stream.of(Path.of("..", "README.md")), Files.list(DOCS))) {
			for (Path page : pages.filter((path) -> path.toString().endsWith(".md")).sorted().toList()) {
				List<String> blocks = yamlBlocks(read(page));
				for (int i = 0; i < blocks.size(); i++) {
					if (blocks.get(i).startsWith("webhook:") || blocks.get(i).contains("\nwebhook:")) {
						String name = page.getFileName() + " example " + (i + 1);
						bind(yaml(name, blocks.get(i)));
						examples.add(name);
					}
				}
			}
		}
		assertThat(examples).contains("configuration.md example 1", "getting-started.md example 1",
				"README.md example 1");
	}

	private static void bind(PropertySource<?> example) {
		Binder binder = new Binder(ConfigurationPropertySources.from(example));
		// fails on any name under webhook.receiver that no property binds
		binder.bind("webhook.receiver", Bindable.of(WebhookReceiverProperties.class),
				new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
	}

	private static ReceivingEndpoint endpoint(WebhookEndpoints endpoints, String name) {
		ReceivingEndpoint endpoint = endpoints.byName(name);
		assertThat(endpoint).as(name).isNotNull();
		return endpoint;
	}

	private static List<String> yamlBlocks(String page) {
		List<String> blocks = new ArrayList<>();
		Matcher matcher = YAML_BLOCK.matcher(page);
		while (matcher.find()) {
			blocks.add(matcher.group(1));
		}
		return blocks;
	}

	private static PropertySource<?> yaml(String name, String yaml) {
		try {
			List<PropertySource<?>> sources = new YamlPropertySourceLoader().load(name,
					new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8), name));
			assertThat(sources).as(name).hasSize(1);
			return sources.get(0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(Path page) {
		try {
			return Files.readString(page);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
