package dev.webhookreceiver.web;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webhookreceiver.test.SignedDelivery;
import dev.webhookreceiver.test.WebhookRequests;
import dev.webhookreceiver.test.WebhookSigners;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A sender's handshake is answered only when its whole body is well-formed, as a delivery is
 * stored only then: a signed Slack {@code url_verification} or Zoom
 * {@code endpoint.url_validation} whose JSON breaks after the fields the handshake reads is a
 * 400 {@code malformed}, and records nothing.
 */
@SpringBootTest(classes = HandshakeBodyTests.HandshakeApplication.class,
		properties = { "webhook.receiver.endpoints.slack.provider=slack",
				"webhook.receiver.endpoints.slack.secret=" + HandshakeBodyTests.SLACK_SECRET,
				"webhook.receiver.endpoints.zoom.provider=zoom",
				"webhook.receiver.endpoints.zoom.secret=" + HandshakeBodyTests.ZOOM_SECRET })
@AutoConfigureMockMvc
class HandshakeBodyTests {

	static final String SLACK_SECRET = "test-only-slack-signing-secret-0123456789";

	static final String ZOOM_SECRET = "test-only-zoom-secret-token";

	private static final String SLACK_HANDSHAKE = "{\"token\":\"t\",\"challenge\":\"c-1\",\"type\":\"url_verification\"";

	private static final String ZOOM_HANDSHAKE = "{\"event\":\"endpoint.url_validation\",\"payload\":{\"plainToken\":\"p-1\"}";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@BeforeEach
	void clean() {
		this.jdbc.update("delete from webhook_delivery");
	}

	@Test
	void answersAWellFormedSlackHandshakeWithItsChallenge() throws Exception {
		this.mvc.perform(WebhookRequests.post("/webhooks/slack", slack(SLACK_HANDSHAKE + "}")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.challenge").value("c-1"));
		assertNothingRecorded();
	}

	@Test
	void refusesASlackHandshakeWhoseJsonBreaksAfterItsChallenge() throws Exception {
		VectorReceiver.expectProblem(
				this.mvc.perform(WebhookRequests.post("/webhooks/slack", slack(SLACK_HANDSHAKE + ",\"x\":}"))), 400,
				"malformed");
		assertNothingRecorded();
	}

	@Test
	void answersAWellFormedZoomHandshakeWithItsEncryptedToken() throws Exception {
		this.mvc.perform(WebhookRequests.post("/webhooks/zoom", zoom(ZOOM_HANDSHAKE + "}")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.plainToken").value("p-1"))
			.andExpect(jsonPath("$.encryptedToken").isNotEmpty());
		assertNothingRecorded();
	}

	@Test
	void refusesAZoomHandshakeWhoseJsonBreaksAfterItsPlainToken() throws Exception {
		VectorReceiver.expectProblem(
				this.mvc.perform(WebhookRequests.post("/webhooks/zoom", zoom(ZOOM_HANDSHAKE + ",\"x\":[}"))), 400,
				"malformed");
		assertNothingRecorded();
	}

	private static SignedDelivery slack(String body) {
		return WebhookSigners.slack(SLACK_SECRET).body(body).sign();
	}

	private static SignedDelivery zoom(String body) {
		return WebhookSigners.zoom(ZOOM_SECRET).body(body).sign();
	}

	private void assertNothingRecorded() {
		assertThat(this.jdbc.queryForObject("select count(*) from webhook_delivery", Integer.class)).isZero();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class HandshakeApplication {

	}

}
