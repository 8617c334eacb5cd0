package dev.webhookreceiver.verify;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import dev.webhookreceiver.test.Ed25519Keys;
import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link DiscordProvider}.
 */
class DiscordProviderTests {

	private static final long T = 1767225600;

	private static final String PING = "{\"id\":\"1323456789012345678\",\"application_id\":\"1\",\"type\":1,"
			+ "\"token\":\"x\",\"version\":1}";

	private static final String COMMAND = "{\"id\":\"1323456789012345679\",\"type\":2,\"data\":{\"name\":\"hi\"}}";

	private static final KeyPair KEYS = Ed25519Keys.generate();

	private static final String PUBLIC_KEY = Ed25519Keys.publicKeyHex(KEYS);

	private final DiscordProvider provider = new DiscordProvider(JsonMapper.builder().build());

	@Test
	void nameIsDiscord() {
		assertThat(this.provider.name()).isEqualTo("discord");
	}

	@Test
	void commandHasItsIdAndNumericType() {
		VerifiedDelivery delivery = verify(request(COMMAND, KEYS, T), endpoint(PUBLIC_KEY));
		assertThat(delivery).isEqualTo(new VerifiedDelivery("1323456789012345679", "2", Instant.ofEpochSecond(T)));
		assertThat(this.provider.handshake(request(COMMAND, KEYS, T), endpoint(PUBLIC_KEY), delivery)).isNull();
	}

	@Test
	void answersPingWithPong() {
		WebhookRequest request = request(PING, KEYS, T);
		VerifiedDelivery delivery = verify(request, endpoint(PUBLIC_KEY));
		assertThat(delivery.eventType()).isEqualTo("1");
		assertThat(this.provider.handshake(request, endpoint(PUBLIC_KEY), delivery))
			.isEqualTo(HandshakeReply.json("{\"type\":1}"));
	}

	@Test
	void acceptsAnyOfSeveralPublicKeysInEitherCase() {
		WebhookEndpoint endpoint = endpoint(Ed25519Keys.publicKeyHex(Ed25519Keys.generate()),
				PUBLIC_KEY.toUpperCase(Locale.ROOT));
		assertThatNoException().isThrownBy(() -> this.provider.validate(endpoint));
		assertThat(verify(request(COMMAND, KEYS, T), endpoint).deliveryId()).isEqualTo("1323456789012345679");
	}

	@Test
	void rejectsASignatureOfAnotherKeyOrTimestamp() {
		assertRejected(request(COMMAND, Ed25519Keys.generate(), T), Reason.INVALID_SIGNATURE);
		WebhookRequest signed = request(COMMAND, KEYS, T);
		WebhookRequest otherTimestamp = TestSignatures.request(Map.of("X-Signature-Ed25519",
				signed.header("X-Signature-Ed25519"), "X-Signature-Timestamp", String.valueOf(T + 1)), COMMAND);
		assertRejected(otherTimestamp, Reason.INVALID_SIGNATURE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "zz", "00", "ABCD" })
	void rejectsMalformedSignatures(String signature) {
		WebhookRequest request = TestSignatures.request(
				Map.of("X-Signature-Ed25519", signature, "X-Signature-Timestamp", String.valueOf(T)), COMMAND);
		assertRejected(request, signature.isEmpty() ? Reason.MISSING_SIGNATURE : Reason.INVALID_SIGNATURE);
	}

	@Test
	void rejectsATimestampOutsideTheTolerance() {
		assertRejected(request(COMMAND, KEYS, T - 301), Reason.STALE_TIMESTAMP);
		assertRejected(request(COMMAND, KEYS, T + 301), Reason.STALE_TIMESTAMP);
	}

	@Test
	void givesAnInteractionWithoutTypeTheEmptyEventType() {
		assertThat(verify(request("{\"id\":\"1\"}", KEYS, T), endpoint(PUBLIC_KEY)))
			.isEqualTo(new VerifiedDelivery("1", "", Instant.ofEpochSecond(T)));
	}

	@Test
	void rejectsAnInteractionWithoutIdAsMalformed() {
		assertRejected(request("{\"type\":2}", KEYS, T), Reason.MALFORMED);
	}

	@Test
	void readsTheDeliveryIdAndEventTypeWhereTheEndpointSaysButAnswersItsPingStill() {
		WebhookEndpoint endpoint = TestSignatures.overriding(endpoint(PUBLIC_KEY), null, "json:/data/name");
		this.provider.validate(endpoint);
		assertThat(verify(request(COMMAND, KEYS, T), endpoint).eventType()).isEqualTo("hi");
		VerifiedDelivery ping = verify(request(PING, KEYS, T), endpoint);
		assertThat(this.provider.handshake(request(PING, KEYS, T), endpoint, ping)).isNotNull();
	}

	@Test
	void validateRequiresAHexPublicKey() {
		assertThatIllegalStateException().isThrownBy(() -> this.provider.validate(endpoint("")))
			.withMessageContaining("webhook.receiver.endpoints.discord.secret")
			.withMessageContaining("Public Key");
		assertThatIllegalStateException()
			.isThrownBy(() -> this.provider.validate(endpoint("a-client-secret-not-a-key")))
			.withMessageContaining("webhook.receiver.endpoints.discord.secret")
			.withMessageContaining("32-byte Ed25519 public key")
			.withMessageNotContaining("a-client-secret-not-a-key");
	}

	private VerifiedDelivery verify(WebhookRequest request, WebhookEndpoint endpoint) {
		return this.provider.verify(request, endpoint, clockAt(T));
	}

	private void assertRejected(WebhookRequest request, Reason reason) {
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> verify(request, endpoint(PUBLIC_KEY)));
		assertThat(ex).as("rejection").isNotNull();
		assertThat(ex.reason()).isEqualTo(reason);
	}

	private static WebhookRequest request(String body, KeyPair keys, long timestamp) {
		return TestSignatures.request(Map.of("Content-Type", "application/json", "X-Signature-Ed25519",
				TestSignatures.ed25519SignatureHex(keys.getPrivate(), timestamp + body), "X-Signature-Timestamp",
				String.valueOf(timestamp)), body);
	}

	private static Clock clockAt(long epochSeconds) {
		return Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
	}

	private static WebhookEndpoint endpoint(String... secrets) {
		return new WebhookEndpoint("discord", "/webhooks/discord", "discord", List.of(secrets),
				Duration.ofMinutes(5));
	}

}
