package dev.webhookreceiver.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.webhookreceiver.WebhookEvent;
import dev.webhookreceiver.WebhookHandler;
import dev.webhookreceiver.WebhookSecretResolver;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WebhookEndpointsStartupLog}.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebhookEndpointsStartupLogTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebhookReceiverAutoConfiguration.class,
				WebhookDeliveryStoreAutoConfiguration.class, DataSourceAutoConfiguration.class,
				HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class,
				JacksonAutoConfiguration.class, WebMvcAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class))
		.withPropertyValues("spring.datasource.generate-unique-name=true");

	@Test
	void logsEachEndpointWithItsHandlersButNotItsSecrets(CapturedOutput output) {
		this.contextRunner.withBean(Handlers.class)
			.withPropertyValues("webhook.receiver.endpoints.github.provider=github",
					"webhook.receiver.endpoints.github.secrets[0]=test-only-secret-current",
					"webhook.receiver.endpoints.github.secrets[1]=test-only-secret-previous",
					"webhook.receiver.endpoints.billing.provider=stripe",
					"webhook.receiver.endpoints.billing.secret=whsec_test_only_billing_secret",
					"webhook.receiver.endpoints.billing.path=/hooks/billing",
					"webhook.receiver.endpoints.billing.processing.mode=async")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("Webhook endpoint 'github': POST /webhooks/github, provider github, "
						+ "sync, 2 secrets, 2 handlers [Handlers.onAny(WebhookEvent), Handlers.onIssue(WebhookEvent)]")
					.contains("Webhook endpoint 'billing': POST /hooks/billing, provider stripe, async (8 attempts), "
							+ "1 secret, "
							+ "1 handler [Handlers.onAny(WebhookEvent)]")
					.doesNotContain("test-only-secret")
					.doesNotContain("whsec_test_only_billing_secret");
			});
	}

	@Test
	void saysWhatHappensToDeliveriesOfAnEndpointWithoutHandlers(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("webhook.receiver.endpoints.github.provider=github",
					"webhook.receiver.endpoints.github.secret=test-only-secret")
			.run((context) -> assertThat(output).contains("Webhook endpoint 'github': POST /webhooks/github, "
					+ "provider github, sync, 1 secret, 0 handlers (deliveries are recorded and answered 'ignored')"));
	}

	@Test
	void saysWhereSecretsComeFromAndWhichSendersAreAllowed(CapturedOutput output) {
		this.contextRunner.withBean(WebhookSecretResolver.class, () -> (endpoint, variables, headers) -> List.of())
			.withPropertyValues("webhook.receiver.endpoints.github.provider=github",
					"webhook.receiver.endpoints.github.path=/webhooks/{tenant}/github",
					"webhook.receiver.endpoints.github.allowed-sources=192.30.252.0/22,2a0a:a440::/29")
			.run((context) -> assertThat(output).contains("Webhook endpoint 'github': POST /webhooks/{tenant}/github, "
					+ "provider github, sync, 0 secrets and the WebhookSecretResolver's, allowed sources "
					+ "[192.30.252.0/22, 2a0a:a440::/29], 0 handlers"));
	}

	static class Handlers {

		@WebhookHandler(endpoint = "github", event = "issues")
		void onIssue(WebhookEvent event) {
		}

		@WebhookHandler
		void onAny(WebhookEvent event) {
		}

	}

}
