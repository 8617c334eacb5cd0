package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link ZoomProvider}.
 */
class ZoomProviderTests {

	private static final String SECRET = "zm_Wq3eR5tY7uI9oP1aS3dF5g";

	private static final long T = 1767225600;

	private static final String EVENT = "{\"event\":\"meeting.started\",\"event_ts\":1767225599123,\"payload\":{}}";

	private static final String VALIDATION = "{\"payload\":{\"plainToken\":\"qgg8vlvZRS6UYooatFL8Aw\"},"
			+ "\"event_ts\":1767225599123,\"event\":\"endpoint.url_validation\"}";

	private final ZoomProvider provider = new ZoomProvider(JsonMapper.builder().build());

	@Test
	void nameIsZoom() {
		assertThat(this.provider.name()).isEqualTo("zoom");
	}

	@Test
	void eventHasItsTypeAndTheBodyHashAsId() {
		VerifiedDelivery delivery = verify(EVENT, SECRET);
		assertThat(delivery).isEqualTo(new VerifiedDelivery(
				BodyHash.sha256Hex(EVENT.getBytes(StandardCharsets.UTF_8)), "meeting.started", Instant.ofEpochSecond(T)));
		assertThat(this.provider.handshake(request(EVENT, SECRET), endpoint(SECRET), delivery)).isNull();
	}

	@Test
	void answersUrlValidationWithTheTokenEncryptedByTheSecretThatSignedIt() {
		WebhookEndpoint endpoint = endpoint("other-secret", SECRET);
		WebhookRequest request = request(VALIDATION, SECRET);
		VerifiedDelivery delivery = this.provider.verify(request, endpoint, clockAt(T + 42));
		assertThat(delivery.eventType()).isEqualTo("endpoint.url_validation");
		HandshakeReply reply = this.provider.handshake(request, endpoint, delivery);
		assertThat(reply).isEqualTo(HandshakeReply.json("{\"plainToken\":\"qgg8vlvZRS6UYooatFL8Aw\","
				+ "\"encryptedToken\":\"3f31dc3ecd73d4b5485fd06391c7034ee726b3124904f2a9cca4b66f5afb8450\"}"));
	}

	@Test
	void givesAnEventWithoutNameTheEmptyEventType() {
		assertThat(verify("{\"payload\":{}}", SECRET).eventType()).isEmpty();
	}

	@Test
	void readsTheDeliveryIdAndEventTypeWhereTheEndpointSaysButAnswersItsHandshakeStill() {
		WebhookEndpoint endpoint = TestSignatures.overriding(endpoint(SECRET), "json:/event_ts", "fixed:zoom");
		this.provider.validate(endpoint);
		assertThat(this.provider.verify(request(EVENT, SECRET), endpoint, clockAt(T + 42)))
			.isEqualTo(new VerifiedDelivery("1767225599123", "zoom", Instant.ofEpochSecond(T)));
		VerifiedDelivery validation = this.provider.verify(request(VALIDATION, SECRET), endpoint, clockAt(T + 42));
		assertThat(validation.eventType()).isEqualTo("endpoint.url_validation");
		assertThat(this.provider.handshake(request(VALIDATION, SECRET), endpoint, validation)).isNotNull();
	}

	@Test
	void rejectsUrlValidationWithoutPlainTokenAsMalformed() {
		String body = "{\"payload\":{},\"event\":\"endpoint.url_validation\"}";
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> verify(body, SECRET));
		assertThat(ex.reason()).isEqualTo(Reason.MALFORMED);
	}

	@Test
	void rejectsAStaleTimestamp() {
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> this.provider.verify(request(EVENT, SECRET), endpoint(SECRET), clockAt(T + 301)));
		assertThat(ex.reason()).isEqualTo(Reason.STALE_TIMESTAMP);
	}

	@Test
	void rejectsAWrongSecretAndAMissingHeader() {
		WebhookRejectedException wrong = catchThrowableOfType(WebhookRejectedException.class,
				() -> this.provider.verify(request(EVENT, "wrong"), endpoint(SECRET), clockAt(T)));
		assertThat(wrong.reason()).isEqualTo(Reason.INVALID_SIGNATURE);
		WebhookRejectedException missing = catchThrowableOfType(WebhookRejectedException.class,
				() -> this.provider.verify(TestSignatures.request(Map.of("x-zm-request-timestamp", "" + T), EVENT),
						endpoint(SECRET), clockAt(T)));
		assertThat(missing.reason()).isEqualTo(Reason.MISSING_SIGNATURE);
		assertThat(missing).hasMessage("The x-zm-signature header is missing");
	}

	@Test
	void validateRequiresASecret() {
		assertThatIllegalStateException().isThrownBy(() -> this.provider.validate(endpoint("")))
			.withMessageContaining("webhook.receiver.endpoints.zoom.secret")
			.withMessageContaining("Secret Token");
	}

	private VerifiedDelivery verify(String body, String secret) {
		return this.provider.verify(request(body, secret), endpoint(SECRET), clockAt(T + 42));
	}

	private static WebhookRequest request(String body, String secret) {
		return TestSignatures.request(Map.of("Content-Type", "application/json", "x-zm-request-timestamp",
				String.valueOf(T), "x-zm-signature", "v0=" + TestSignatures.hmacSha256Hex(secret, "v0:" + T + ":" + body)),
				body);
	}

	private static Clock clockAt(long epochSeconds) {
		return Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
	}

	private static WebhookEndpoint endpoint(String... secrets) {
		return new WebhookEndpoint("zoom", "/webhooks/zoom", "zoom", List.of(secrets), Duration.ofMinutes(5));
	}

}
