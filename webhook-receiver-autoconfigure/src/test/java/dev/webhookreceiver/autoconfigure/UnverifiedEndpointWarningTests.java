package dev.webhookreceiver.autoconfigure;

import java.time.Clock;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import dev.webhookreceiver.autoconfigure.WebhookReceiverProperties.Endpoint;
import dev.webhookreceiver.verify.BuiltInProviders;
import dev.webhookreceiver.verify.VerifiedDelivery;
import dev.webhookreceiver.verify.WebhookEndpoint;
import dev.webhookreceiver.verify.WebhookProvider;
import dev.webhookreceiver.verify.WebhookRequest;
import dev.webhookreceiver.web.ReceivingEndpoint;
import dev.webhookreceiver.web.WebhookEndpoints;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for the startup warning of {@link WebhookEndpointsFactory} about endpoints whose
 * deliveries are not verified.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnverifiedEndpointWarningTests {

	@Test
	void warnsAtStartupThatAnEndpointWithoutVerificationAcceptsAnyone(CapturedOutput output) {
		WebhookReceiverProperties properties = new WebhookReceiverProperties();
		properties.getEndpoints().put("legacy", endpoint("none", null, "fixed:legacy.event"));
		WebhookEndpoints endpoints = factory(properties, new DefaultListableBeanFactory()).create();
		ReceivingEndpoint legacy = endpoints.byName("legacy");
		assertThat(legacy.provider().name()).isEqualTo("none");
		assertThat(legacy.settings().secrets()).isEmpty();
		assertThat(output).contains("WARN")
			.contains("Deliveries to webhook endpoint 'legacy' (/webhooks/legacy) are not verified (provider: none); "
					+ "anyone who can reach it can send deliveries");
	}

	@Test
	void doesNotWarnAboutVerifiedEndpoints(CapturedOutput output) {
		WebhookReceiverProperties properties = new WebhookReceiverProperties();
		properties.getEndpoints().put("github", endpoint("github", "test-only-secret", null));
		factory(properties, new DefaultListableBeanFactory()).create();
		assertThat(output).doesNotContain("are not verified");
	}

	@Test
	void doesNotWarnAboutACustomProviderBeanNamedNone(CapturedOutput output) {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerSingleton("none", new CustomProvider());
		WebhookReceiverProperties properties = new WebhookReceiverProperties();
		properties.getEndpoints().put("custom", endpoint("none", "test-only-secret", null));
		assertThat(factory(properties, beanFactory).create().byName("custom").provider())
			.isInstanceOf(CustomProvider.class);
		assertThat(output).doesNotContain("are not verified");
	}

	@Test
	void endpointWithoutVerificationNeedsAnEventType() {
		WebhookReceiverProperties properties = new WebhookReceiverProperties();
		properties.getEndpoints().put("legacy", endpoint("none", null, null));
		assertThatIllegalStateException()
			.isThrownBy(() -> factory(properties, new DefaultListableBeanFactory()).create())
			.withMessageStartingWith("webhook.receiver.endpoints.legacy.event-type is not set");
	}

	private static WebhookEndpointsFactory factory(WebhookReceiverProperties properties,
			DefaultListableBeanFactory beanFactory) {
		return new WebhookEndpointsFactory(properties, BuiltInProviders.create(JsonMapper.builder().build()),
				beanFactory);
	}

	private static Endpoint endpoint(String provider, @Nullable String secret, @Nullable String eventType) {
		Endpoint endpoint = new Endpoint();
		endpoint.setProvider(provider);
		endpoint.setSecret(secret);
		endpoint.setEventType(eventType);
		return endpoint;
	}

	static class CustomProvider implements WebhookProvider {

		@Override
		public String name() {
			return "custom";
		}

		@Override
		public VerifiedDelivery verify(WebhookRequest request, WebhookEndpoint endpoint, Clock clock) {
			return new VerifiedDelivery("1", "event", null);
		}

	}

}
