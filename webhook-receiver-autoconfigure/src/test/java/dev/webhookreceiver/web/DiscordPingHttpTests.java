package dev.webhookreceiver.web;

import java.security.KeyPair;

import org.junit.jupiter.api.Test;

import dev.webhookreceiver.test.Ed25519Keys;
import dev.webhookreceiver.test.WebhookRequests;
import dev.webhookreceiver.test.WebhookSigners;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Discord's PING, which the vectors do not carry, is answered by the receiver itself, and only
 * when it is signed.
 */
@SpringBootTest(classes = ReceiverTestApplication.class, properties = ReceiverTestApplication.PROPERTIES)
@AutoConfigureMockMvc
class DiscordPingHttpTests {

	private static final KeyPair KEYS = Ed25519Keys.generate();

	private static final String PING = "{\"id\":\"ping-1\",\"application_id\":\"app-1\",\"type\":1,\"version\":1}";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private ShopHandlers handlers;

	@Autowired
	private JdbcTemplate jdbc;

	@DynamicPropertySource
	static void discordEndpoint(DynamicPropertyRegistry registry) {
		registry.add("webhook.receiver.endpoints.discord.provider", () -> "discord");
		registry.add("webhook.receiver.endpoints.discord.secret", () -> Ed25519Keys.publicKeyHex(KEYS));
	}

	@Test
	void answersASignedPingWithAPongWithoutRecordingIt() throws Exception {
		this.mvc.perform(ping(KEYS))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.type").value(1));
		assertThat(this.jdbc.queryForObject("select count(*) from webhook_delivery where endpoint = 'discord'",
				Integer.class))
			.isZero();
		assertThat(this.handlers.calls).isEmpty();
	}

	@Test
	void refusesAPingSignedByAnotherKey() throws Exception {
		KeyPair other = Ed25519Keys.generate();
		this.mvc.perform(ping(other))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.type").value("urn:webhook-receiver:problem:invalid-signature"));
	}

	private static MockHttpServletRequestBuilder ping(KeyPair keys) {
		return WebhookRequests.post("/webhooks/discord",
				WebhookSigners.discord(keys.getPrivate()).timestamp(TestDeliveries.NOW).body(PING).sign());
	}

}
