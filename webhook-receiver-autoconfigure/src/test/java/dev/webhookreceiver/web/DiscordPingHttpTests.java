package dev.webhookreceiver.web;

import java.security.KeyPair;

import org.junit.jupiter.api.Test;

import dev.webhookreceiver.verify.TestSignatures;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

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

	private static final KeyPair KEYS = TestSignatures.ed25519KeyPair();

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
		registry.add("webhook.receiver.endpoints.discord.secret", () -> TestSignatures.ed25519PublicKeyHex(KEYS));
	}

	@Test
	void answersASignedPingWithAPongWithoutRecordingIt() throws Exception {
		this.mvc.perform(ping(TestSignatures.ed25519SignatureHex(KEYS.getPrivate(), timestamp() + PING)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.type").value(1));
		assertThat(this.jdbc.queryForObject("select count(*) from webhook_delivery where endpoint = 'discord'",
				Integer.class))
			.isZero();
		assertThat(this.handlers.calls).isEmpty();
	}

	@Test
	void refusesAPingSignedByAnotherKey() throws Exception {
		KeyPair other = TestSignatures.ed25519KeyPair();
		this.mvc.perform(ping(TestSignatures.ed25519SignatureHex(other.getPrivate(), timestamp() + PING)))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.type").value("urn:webhook-receiver:problem:invalid-signature"));
	}

	private static String timestamp() {
		return Long.toString(TestDeliveries.NOW.getEpochSecond());
	}

	private static MockHttpServletRequestBuilder ping(String signature) {
		return MockMvcRequestBuilders.post("/webhooks/discord")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-Signature-Ed25519", signature)
			.header("X-Signature-Timestamp", timestamp())
			.content(PING);
	}

}
