package dev.webhookreceiver.test;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The defaults and the rules of {@link WebhookSigner}.
 */
class WebhookSignerTests {

	@Test
	void everyDeliveryHasAFreshIdAndAContentType() {
		WebhookSigner signer = WebhookSigners.github("secret");
		SignedDelivery first = signer.sign();
		SignedDelivery second = signer.sign();
		assertThat(first.headers().getFirst("X-GitHub-Delivery")).isNotEqualTo(second.headers().getFirst("X-GitHub-Delivery"));
		assertThat(first.contentType()).isEqualTo(MediaType.APPLICATION_JSON);
		assertThat(first.bodyAsString()).contains("\"action\":\"opened\"");
	}

	@Test
	void eachCallReturnsANewSignerAndLeavesTheFirstAsItWas() {
		WebhookSigner base = WebhookSigners.stripe("whsec_a");
		WebhookSigner other = base.secret("whsec_b");
		Instant timestamp = Instant.ofEpochSecond(1767225600);
		assertThat(base.timestamp(timestamp).body("{}").sign().headers().getFirst("Stripe-Signature"))
			.isNotEqualTo(other.timestamp(timestamp).body("{}").sign().headers().getFirst("Stripe-Signature"));
		assertThat(base.timestamp(timestamp).body("{}").sign().headers().getFirst("Stripe-Signature"))
			.isEqualTo(base.timestamp(timestamp).body("{}").sign().headers().getFirst("Stripe-Signature"));
	}

	@Test
	void defaultBodyCarriesTheValuesTheProviderReadsFromIt() {
		SignedDelivery delivery = WebhookSigners.stripe("whsec_a").event("invoice.paid").deliveryId("evt_1").sign();
		assertThat(delivery.bodyAsString()).contains("\"id\":\"evt_1\"").contains("\"type\":\"invoice.paid\"");
	}

	@Test
	void objectBodyIsWrittenAsJson() {
		SignedDelivery delivery = WebhookSigners.github("secret").body(Map.of("action", "closed")).sign();
		assertThat(delivery.bodyAsString()).isEqualTo("{\"action\":\"closed\"}");
	}

	@Test
	void valueThatAGivenBodyFixesIsRefused() {
		assertThatIllegalStateException()
			.isThrownBy(() -> WebhookSigners.stripe("whsec_a").event("invoice.paid").body("{}").sign())
			.withMessage("Stripe sends the event type in the body: put it in the body you give, rather than giving both");
	}

	@Test
	void valueThatTheProviderDoesNotSendIsRefused() {
		assertThatIllegalStateException()
			.isThrownBy(() -> WebhookSigners.github("secret").timestamp(Instant.now()).sign())
			.withMessage("GitHub sends no timestamp");
	}

	@Test
	void extraHeaderReplacesTheProvidersHeader() {
		SignedDelivery delivery = WebhookSigners.github("secret").header("X-GitHub-Event", "ping").sign();
		assertThat(delivery.headers().get("X-GitHub-Event")).containsExactly("ping");
	}

	@Test
	void tamperedCopyKeepsTheSignature() {
		SignedDelivery delivery = WebhookSigners.github("secret").sign();
		SignedDelivery tampered = delivery.withBody("{}");
		assertThat(tampered.headers()).isEqualTo(delivery.headers());
		assertThat(tampered.bodyAsString()).isEqualTo("{}");
		assertThat(delivery.withoutHeader("X-Hub-Signature-256").headers().containsHeader("X-Hub-Signature-256"))
			.isFalse();
	}

	@Test
	void twilioFormIsEncodedAsTwilioEncodesIt() {
		SignedDelivery delivery = WebhookSigners.twilio("token", "https://example.com/sms")
			.formParameter("Body", "Café ☕ 1 + 1")
			.sign();
		assertThat(delivery.bodyAsString()).isEqualTo("Body=Caf%C3%A9+%E2%98%95+1+%2B+1");
		assertThat(delivery.contentType()).isEqualTo(MediaType.APPLICATION_FORM_URLENCODED);
		assertThat(delivery.url()).isEqualTo("https://example.com/sms");
	}

}
