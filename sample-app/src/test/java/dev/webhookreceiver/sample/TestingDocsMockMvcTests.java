package dev.webhookreceiver.sample;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.webhookreceiver.test.SignedDelivery;
import dev.webhookreceiver.test.WebhookRequests;
import dev.webhookreceiver.test.WebhookSigners;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The MockMvc and {@code MockMvcTester} examples of {@code docs/testing.md}, as a user's
 * project writes them: the sample shop's GitHub, Stripe and Standard Webhooks endpoints, with
 * the secrets of its {@code application.yml}.
 */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:sample-testing-docs;DB_CLOSE_DELAY=-1")
@AutoConfigureMockMvc
class TestingDocsMockMvcTests {

	@Autowired
	private MockMvc mockMvc;

	@Autowired
	private MockMvcTester mockMvcTester;

	@Test
	void gitHubIssueIsProcessed() throws Exception {
		SignedDelivery delivery = WebhookSigners.github("dev-only-github-secret")
			.event("issues")
			.body("{\"action\":\"opened\",\"issue\":{\"number\":42,\"title\":\"Checkout button is grey\"}}")
			.sign();

		this.mockMvc.perform(WebhookRequests.post("/webhooks/github", delivery))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("processed"));
	}

	@Test
	void stripePaymentIsProcessed() throws Exception {
		SignedDelivery delivery = WebhookSigners.stripe("whsec_dev_only_stripe_secret")
			.body("""
					{"id": "evt_1", "type": "payment_intent.succeeded",
					 "data": {"object": {"id": "pi_1", "amount": 2500, "currency": "eur"}}}""")
			.sign();

		this.mockMvc.perform(WebhookRequests.post("/webhooks/stripe", delivery))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.deliveryId").value("evt_1"));
	}

	@Test
	void standardWebhooksOrderIsAccepted() {
		SignedDelivery delivery = WebhookSigners.standardWebhooks("whsec_ZGV2LW9ubHktb3JkZXJzLXNlY3JldC0wMDAwMDAwMDA=")
			.deliveryId("msg_1")
			.body("{\"type\":\"order.created\",\"data\":{\"id\":\"ord_1\"}}")
			.sign();

		// The sample's orders endpoint is async: 202 once stored, handlers run by workers afterwards.
		assertThat(this.mockMvcTester.perform(WebhookRequests.post("/webhooks/orders", delivery)))
			.hasStatus(HttpStatus.ACCEPTED)
			.bodyJson()
			.extractingPath("$.status")
			.isEqualTo("accepted");
	}

	@Test
	void wrongSecretOldTimestampAndTamperedBodyAreRefused() throws Exception {
		SignedDelivery wrongSecret = WebhookSigners.github("not-the-secret").sign();
		SignedDelivery oldTimestamp = WebhookSigners.stripe("whsec_dev_only_stripe_secret")
			.timestamp(Instant.now().minus(Duration.ofMinutes(10)))
			.sign();
		SignedDelivery tampered = WebhookSigners.github("dev-only-github-secret")
			.sign()
			.withBody("{\"action\":\"deleted\"}");

		this.mockMvc.perform(WebhookRequests.post("/webhooks/github", wrongSecret))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.type").value("urn:webhook-receiver:problem:invalid-signature"));
		this.mockMvc.perform(WebhookRequests.post("/webhooks/stripe", oldTimestamp))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.type").value("urn:webhook-receiver:problem:stale-timestamp"));
		this.mockMvc.perform(WebhookRequests.post("/webhooks/github", tampered))
			.andExpect(status().isUnauthorized());
	}

}
