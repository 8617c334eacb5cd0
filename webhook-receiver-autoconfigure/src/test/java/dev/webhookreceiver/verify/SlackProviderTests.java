package dev.webhookreceiver.verify;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link SlackProvider}.
 */
class SlackProviderTests {

	private static final String SECRET = "e0f1c2d3b4a5968778695a4b3c2d1e0f";

	private static final long T = 1767225600;

	private static final String FORM = "application/x-www-form-urlencoded";

	private final SlackProvider provider = new SlackProvider(JsonMapper.builder().build());

	@Test
	void nameIsSlack() {
		assertThat(this.provider.name()).isEqualTo("slack");
	}

	@Test
	void eventCallbackHasTheEventIdAndInnerType() {
		String body = "{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event\":{\"type\":\"app_mention\"}}";
		assertThat(verify(body, "application/json"))
			.isEqualTo(new VerifiedDelivery("Ev1", "app_mention", Instant.ofEpochSecond(T)));
	}

	@Test
	void urlVerificationHasItsTypeAndTheBodyHashAsId() {
		String body = "{\"token\":\"x\",\"challenge\":\"c\",\"type\":\"url_verification\"}";
		VerifiedDelivery delivery = verify(body, "application/json");
		assertThat(delivery.eventType()).isEqualTo("url_verification");
		assertThat(delivery.deliveryId()).isEqualTo(BodyHash.sha256Hex(body.getBytes(StandardCharsets.UTF_8)))
			.hasSize(64);
	}

	@Test
	void answersUrlVerificationWithItsChallenge() {
		String body = "{\"token\":\"x\",\"challenge\":\"3eZ\\\"brw\",\"type\":\"url_verification\"}";
		WebhookRequest request = request(body, "application/json", signature(SECRET, body));
		VerifiedDelivery delivery = this.provider.verify(request, endpoint(SECRET), clockAt(T + 42));
		assertThat(this.provider.handshake(request, endpoint(SECRET), delivery))
			.isEqualTo(HandshakeReply.json("{\"challenge\":\"3eZ\\\"brw\"}"));
	}

	@Test
	void answersNoEventCallbackOrFormBody() {
		String body = "{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event\":{\"type\":\"app_mention\"}}";
		WebhookRequest request = request(body, "application/json", signature(SECRET, body));
		assertThat(this.provider.handshake(request, endpoint(SECRET),
				this.provider.verify(request, endpoint(SECRET), clockAt(T + 42))))
			.isNull();
		String form = "command=%2Furl_verification";
		WebhookRequest formRequest = request(form, FORM, signature(SECRET, form));
		assertThat(this.provider.handshake(formRequest, endpoint(SECRET),
				this.provider.verify(formRequest, endpoint(SECRET), clockAt(T + 42))))
			.isNull();
	}

	@Test
	void rejectsUrlVerificationWithoutChallengeAsMalformed() {
		String body = "{\"type\":\"url_verification\"}";
		assertRejected(request(body, "application/json", signature(SECRET, body)), Reason.MALFORMED);
	}

	@Test
	void interactivityHasTheTypeOfItsPayload() {
		String body = "payload=" + URLEncoder.encode("{\"type\":\"block_actions\"}", StandardCharsets.UTF_8);
		assertThat(verify(body, FORM).eventType()).isEqualTo("block_actions");
	}

	@Test
	void slashCommandHasTheTypeOfItsCommand() {
		String body = "token=x&team_id=T1&command=%2Fdeploy&text=now";
		assertThat(verify(body, FORM + "; charset=utf-8").eventType()).isEqualTo("/deploy");
	}

	@Test
	void givesAFormBodyWithNeitherPayloadNorCommandTheEmptyEventType() {
		assertThat(verify("a=b", FORM).eventType()).isEmpty();
	}

	@Test
	void givesAnEventWithoutTypeTheEmptyEventType() {
		assertThat(verify("{\"event_id\":\"Ev1\",\"event\":{}}", "application/json"))
			.isEqualTo(new VerifiedDelivery("Ev1", "", Instant.ofEpochSecond(T)));
	}

	@Test
	void readsTheDeliveryIdAndEventTypeWhereTheEndpointSaysButAnswersItsHandshakeStill() {
		WebhookEndpoint endpoint = TestSignatures.overriding(endpoint(SECRET), "form:trigger_id", "form:team_id");
		this.provider.validate(endpoint);
		String body = "team_id=T1&command=%2Fdeploy&trigger_id=tr-1";
		assertThat(this.provider.verify(request(body, FORM, signature(SECRET, body)), endpoint, clockAt(T)))
			.isEqualTo(new VerifiedDelivery("tr-1", "T1", Instant.ofEpochSecond(T)));
		String handshake = "{\"type\":\"url_verification\",\"challenge\":\"c-1\"}";
		WebhookRequest request = request(handshake, "application/json", signature(SECRET, handshake));
		VerifiedDelivery delivery = this.provider.verify(request, endpoint, clockAt(T));
		assertThat(delivery.eventType()).isEqualTo("url_verification");
		assertThat(this.provider.handshake(request, endpoint, delivery)).isNotNull();
	}

	@Test
	void acceptsASecondSecretDuringRotation() {
		String body = "{\"type\":\"url_verification\",\"challenge\":\"c\"}";
		WebhookEndpoint endpoint = endpoint("old", SECRET);
		assertThat(this.provider.verify(request(body, "application/json", signature(SECRET, body)), endpoint,
				clockAt(T))
			.eventType()).isEqualTo("url_verification");
	}

	@ParameterizedTest
	@ValueSource(strings = { "v1=00", "v0=", "v0=XYZ", "00", "v0=0" })
	void rejectsMalformedSignaturesWithAReason(String signature) {
		assertRejected(request("{}", "application/json", signature), Reason.INVALID_SIGNATURE);
	}

	@Test
	void rejectsAFutureTimestamp() {
		String body = "{\"type\":\"url_verification\",\"challenge\":\"c\"}";
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> this.provider.verify(request(body, "application/json", signature(SECRET, body)),
						endpoint(SECRET), clockAt(T - 3600)));
		assertThat(ex.reason()).isEqualTo(Reason.STALE_TIMESTAMP);
		assertThat(ex).hasMessage("The timestamp is 3600 s in the future, tolerance is 300 s");
	}

	@Test
	void rejectsAMissingTimestampAsMissing() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("X-Slack-Signature", signature(SECRET, "{}"));
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> this.provider.verify(TestSignatures.request(headers, "{}"), endpoint(SECRET), clockAt(T)));
		assertThat(ex.reason()).isEqualTo(Reason.MISSING_SIGNATURE);
		assertThat(ex).hasMessage("The X-Slack-Request-Timestamp header is missing");
	}

	@Test
	void detailsNeverContainTheSecretOrTheExpectedSignature() {
		String expected = signature(SECRET, "{}").substring(3);
		WebhookRejectedException ex = assertRejected(request("{}", "application/json", signature("other", "{}")),
				Reason.INVALID_SIGNATURE);
		assertThat(ex.getMessage()).doesNotContain(SECRET).doesNotContain(expected);
	}

	@Test
	void validateRequiresASecret() {
		assertThatIllegalStateException().isThrownBy(() -> this.provider.validate(endpoint("")))
			.withMessageContaining("webhook.receiver.endpoints.slack.secret");
	}

	private VerifiedDelivery verify(String body, String contentType) {
		return this.provider.verify(request(body, contentType, signature(SECRET, body)), endpoint(SECRET),
				clockAt(T + 42));
	}

	private WebhookRejectedException assertRejected(WebhookRequest request, Reason reason) {
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> this.provider.verify(request, endpoint(SECRET), clockAt(T + 42)));
		assertThat(ex).as("rejection").isNotNull();
		assertThat(ex.reason()).isEqualTo(reason);
		return ex;
	}

	private static WebhookRequest request(String body, String contentType, String signature) {
		return TestSignatures.request(Map.of("Content-Type", contentType, "X-Slack-Request-Timestamp",
				String.valueOf(T), "X-Slack-Signature", signature), body);
	}

	private static String signature(String secret, String body) {
		return "v0=" + TestSignatures.hmacSha256Hex(secret, "v0:" + T + ":" + body);
	}

	private static Clock clockAt(long epochSeconds) {
		return Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
	}

	private static WebhookEndpoint endpoint(String... secrets) {
		return new WebhookEndpoint("slack", "/webhooks/slack", "slack", List.of(secrets), Duration.ofMinutes(5));
	}

}
