package dev.webhookreceiver.verify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
 * Tests for {@link PaddleProvider}.
 */
class PaddleProviderTests {

	private static final String SECRET = "pdl_ntfset_01test_c2VjcmV0";

	private static final String BODY = "{\"event_id\":\"evt_1\",\"event_type\":\"transaction.completed\","
			+ "\"notification_id\":\"ntf_1\"}";

	private static final long T = 1767225600;

	private final PaddleProvider provider = new PaddleProvider(JsonMapper.builder().build());

	@Test
	void nameIsPaddle() {
		assertThat(this.provider.name()).isEqualTo("paddle");
	}

	@Test
	void deliveryIdIsTheNotificationIdAndEventTypeTheEventType() {
		assertThat(verify("ts=" + T + ";h1=" + h1(SECRET), SECRET))
			.isEqualTo(new VerifiedDelivery("ntf_1", "transaction.completed", Instant.ofEpochSecond(T)));
	}

	@Test
	void givesANotificationWithoutEventTypeTheEmptyEventType() {
		String body = "{\"notification_id\":\"ntf_2\"}";
		String header = "ts=" + T + ";h1=" + TestSignatures.hmacSha256Hex(SECRET, T + ":" + body);
		assertThat(this.provider.verify(TestSignatures.request(Map.of("Paddle-Signature", header), body),
				endpoint(SECRET), clockAt(T)))
			.isEqualTo(new VerifiedDelivery("ntf_2", "", Instant.ofEpochSecond(T)));
	}

	@Test
	void readsTheDeliveryIdAndEventTypeWhereTheEndpointSays() {
		WebhookEndpoint endpoint = TestSignatures.overriding(endpoint(SECRET), "json:/event_id", "fixed:paddle");
		this.provider.validate(endpoint);
		assertThat(this.provider.verify(request("ts=" + T + ";h1=" + h1(SECRET)), endpoint, clockAt(T)))
			.isEqualTo(new VerifiedDelivery("evt_1", "paddle", Instant.ofEpochSecond(T)));
	}

	@Test
	void acceptsAnyOfSeveralSignatures() {
		assertThat(verify("ts=" + T + ";h1=" + h1("other") + ";h1=" + h1(SECRET), SECRET).deliveryId())
			.isEqualTo("ntf_1");
		assertThat(verify("ts=" + T + ";h1=" + h1(SECRET) + ";h1=" + h1("other"), SECRET).deliveryId())
			.isEqualTo("ntf_1");
	}

	@Test
	void acceptsASecondSecretDuringRotation() {
		assertThat(verify("ts=" + T + ";h1=" + h1(SECRET), "old", SECRET).deliveryId()).isEqualTo("ntf_1");
	}

	@Test
	void rejectsMoreThanTenSignatures() {
		String header = "ts=" + T + (";h1=" + h1("other")).repeat(10) + ";h1=" + h1(SECRET);
		assertRejected(header, Reason.INVALID_SIGNATURE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "ts=1767225600", "h1=00", "ts=1767225600,h1=00", "ts=x;h1=00", "ts=1767225600;h1=zz" })
	void rejectsMalformedHeadersWithAReason(String header) {
		assertRejected(header, Reason.INVALID_SIGNATURE);
	}

	@Test
	void rejectsAStaleTimestamp() {
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> this.provider.verify(request("ts=" + T + ";h1=" + h1(SECRET)), endpoint(SECRET), clockAt(T + 6)));
		assertThat(ex.reason()).isEqualTo(Reason.STALE_TIMESTAMP);
		assertThat(ex).hasMessage("The timestamp is 6 s old, tolerance is 5 s");
	}

	@Test
	void detailsNeverContainTheSecretOrTheExpectedSignature() {
		WebhookRejectedException ex = assertRejected("ts=" + T + ";h1=" + h1("other"), Reason.INVALID_SIGNATURE);
		assertThat(ex.getMessage()).doesNotContain(SECRET).doesNotContain(h1(SECRET));
	}

	@Test
	void validateRequiresASecret() {
		assertThatIllegalStateException().isThrownBy(() -> this.provider.validate(endpoint()))
			.withMessageContaining("webhook.receiver.endpoints.paddle.secret");
	}

	private VerifiedDelivery verify(String header, String... secrets) {
		return this.provider.verify(request(header), endpoint(secrets), clockAt(T + 2));
	}

	private WebhookRejectedException assertRejected(String header, Reason reason) {
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> this.provider.verify(request(header), endpoint(SECRET), clockAt(T + 2)));
		assertThat(ex).as("rejection").isNotNull();
		assertThat(ex.reason()).isEqualTo(reason);
		return ex;
	}

	private static WebhookRequest request(String header) {
		return TestSignatures.request(Map.of("Paddle-Signature", header), BODY);
	}

	private static String h1(String secret) {
		return TestSignatures.hmacSha256Hex(secret, T + ":" + BODY);
	}

	private static Clock clockAt(long epochSeconds) {
		return Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
	}

	private static WebhookEndpoint endpoint(String... secrets) {
		return new WebhookEndpoint("paddle", "/webhooks/paddle", "paddle", List.of(secrets), Duration.ofSeconds(5));
	}

}
