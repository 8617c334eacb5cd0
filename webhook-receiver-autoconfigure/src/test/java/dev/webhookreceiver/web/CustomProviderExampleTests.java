package dev.webhookreceiver.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webhookreceiver.web.RecordingHandler.Call;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The custom provider example of {@code docs/providers.md} ({@link TwitchEventSubProvider}),
 * named by its bean name in {@code provider:}: it verifies, identifies and answers handshakes
 * through the public SPI alone.
 */
@SpringBootTest(classes = { VectorReceiverApplication.class, TwitchEventSubProvider.class },
		properties = { "webhook.receiver.endpoints.twitch.provider=twitch",
				"webhook.receiver.endpoints.twitch.secret=" + CustomProviderExampleTests.SECRET,
				"webhook.receiver.endpoints.twitch.tolerance=10m", "spring.jpa.open-in-view=false" })
@AutoConfigureMockMvc
class CustomProviderExampleTests {

	static final String SECRET = "test-only-twitch-secret";

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private static final String FOLLOW = """
			{"subscription":{"id":"f1c2a387","type":"channel.follow","version":"2"},\
			"event":{"user_login":"ada","broadcaster_user_login":"shop"}}""";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private RecordingHandler handler;

	@Autowired
	private SettableClock clock;

	@BeforeEach
	void reset() {
		this.handler.calls.clear();
		this.jdbc.update("delete from webhook_delivery");
		this.clock.set(NOW);
	}

	@Test
	void processesANotificationOnceUnderItsSubscriptionType() throws Exception {
		send("notification", "msg-1", NOW.minusSeconds(2), FOLLOW, SECRET).andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("processed"))
			.andExpect(jsonPath("$.deliveryId").value("msg-1"));
		send("notification", "msg-1", NOW.minusSeconds(1), FOLLOW, SECRET).andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("duplicate"));
		assertThat(this.handler.calls).containsExactly(new Call("twitch", "msg-1", "channel.follow"));
	}

	@Test
	void answersTheCallbackVerificationWithItsChallengeAndRecordsNothing() throws Exception {
		String body = """
				{"challenge":"pogchamp-kappa-360noscope-vohiyo","subscription":{"type":"channel.follow"}}""";
		send("webhook_callback_verification", "msg-2", NOW, body, SECRET).andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_PLAIN))
			.andExpect(content().string("pogchamp-kappa-360noscope-vohiyo"));
		assertThat(this.handler.calls).isEmpty();
		assertThat(rows()).isZero();
	}

	@Test
	void refusesAMessageSignedWithAnotherSecret() throws Exception {
		VectorReceiver.expectProblem(send("notification", "msg-3", NOW, FOLLOW, "another-twitch-secret"), 401,
				"invalid-signature");
		assertThat(rows()).isZero();
	}

	@Test
	void refusesAMessageOlderThanTheTolerance() throws Exception {
		VectorReceiver.expectProblem(send("notification", "msg-4", NOW.minusSeconds(601), FOLLOW, SECRET), 401,
				"stale-timestamp");
		assertThat(rows()).isZero();
	}

	private ResultActions send(String messageType, String id, Instant sentAt, String body, String secret)
			throws Exception {
		String timestamp = sentAt.toString();
		return this.mvc.perform(MockMvcRequestBuilders.post("/webhooks/twitch")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Twitch-Eventsub-Message-Id", id)
			.header("Twitch-Eventsub-Message-Timestamp", timestamp)
			.header("Twitch-Eventsub-Message-Type", messageType)
			.header("Twitch-Eventsub-Subscription-Type", "channel.follow")
			.header("Twitch-Eventsub-Message-Signature", "sha256=" + hmacSha256(secret, id + timestamp + body))
			.content(body));
	}

	private int rows() {
		return this.jdbc.queryForObject("select count(*) from webhook_delivery", Integer.class);
	}

	private static String hmacSha256(String secret, String content) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
