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
 * Tests for {@link LinearProvider}.
 */
class LinearProviderTests {

	private static final String SECRET = "lin_wh_test_7d3f9a1c";

	private static final long T_MILLIS = 1767225600250L;

	private static final String BODY = "{\"action\":\"create\",\"type\":\"Issue\",\"webhookTimestamp\":" + T_MILLIS
			+ "}";

	private final LinearProvider provider = new LinearProvider(JsonMapper.builder().build());

	@Test
	void nameIsLinear() {
		assertThat(this.provider.name()).isEqualTo("linear");
	}

	@Test
	void deliveryIdAndEventTypeComeFromHeadersTimestampFromTheBody() {
		assertThat(verify(request(BODY, signature(SECRET, BODY)), clockAt(T_MILLIS + 10_000), SECRET))
			.isEqualTo(new VerifiedDelivery("delivery-1", "Issue", Instant.ofEpochMilli(T_MILLIS)));
	}

	@Test
	void acceptsASecondSecretDuringRotation() {
		assertThat(verify(request(BODY, signature(SECRET, BODY)), clockAt(T_MILLIS), "old", SECRET).deliveryId())
			.isEqualTo("delivery-1");
	}

	@Test
	void checksTheBodyTimestampToTheMillisecond() {
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> verify(request(BODY, signature(SECRET, BODY)), clockAt(T_MILLIS + 60_001), SECRET));
		assertThat(ex.reason()).isEqualTo(Reason.STALE_TIMESTAMP);
		assertThat(ex).hasMessage("The timestamp is 60.001 s old, tolerance is 60 s");
	}

	@Test
	void rejectsAFutureTimestamp() {
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> verify(request(BODY, signature(SECRET, BODY)), clockAt(T_MILLIS - 61_000), SECRET));
		assertThat(ex.reason()).isEqualTo(Reason.STALE_TIMESTAMP);
	}

	@ParameterizedTest
	@ValueSource(longs = { Long.MIN_VALUE, Long.MAX_VALUE })
	void rejectsAnAuthenticTimestampAtTheEndsOfTheRangeAsStale(long millis) {
		String body = "{\"type\":\"Issue\",\"webhookTimestamp\":" + millis + "}";
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> verify(request(body, signature(SECRET, body)), clockAt(T_MILLIS), SECRET));
		assertThat(ex).as("rejection").isNotNull();
		assertThat(ex.reason()).isEqualTo(Reason.STALE_TIMESTAMP);
		assertThat(ex.getMessage()).endsWith("tolerance is 60 s");
	}

	@Test
	void givesADeliveryWithoutEventTheEmptyEventType() {
		WebhookRequest request = TestSignatures.request(
				Map.of("Linear-Signature", signature(SECRET, BODY), "Linear-Delivery", "delivery-1"), BODY);
		assertThat(verify(request, clockAt(T_MILLIS), SECRET).eventType()).isEmpty();
	}

	@Test
	void readsTheDeliveryIdAndEventTypeWhereTheEndpointSays() {
		WebhookEndpoint endpoint = TestSignatures.overriding(endpoint(SECRET), "json:/webhookTimestamp",
				"json:/action");
		this.provider.validate(endpoint);
		VerifiedDelivery delivery = this.provider.verify(request(BODY, signature(SECRET, BODY)), endpoint,
				clockAt(T_MILLIS));
		assertThat(delivery.deliveryId()).isEqualTo(String.valueOf(T_MILLIS));
		assertThat(delivery.eventType()).isEqualTo("create");
	}

	@Test
	void rejectsAnAuthenticBodyWithoutTimestampAsMalformed() {
		String body = "{\"type\":\"Issue\"}";
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> verify(request(body, signature(SECRET, body)), clockAt(T_MILLIS), SECRET));
		assertThat(ex.reason()).isEqualTo(Reason.MALFORMED);
	}

	@Test
	void rejectsMalformedAndMissingSignatures() {
		for (String signature : List.of("zz", "sha256=" + signature(SECRET, BODY), signature("other", BODY))) {
			WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
					() -> verify(request(BODY, signature), clockAt(T_MILLIS), SECRET));
			assertThat(ex.reason()).isEqualTo(Reason.INVALID_SIGNATURE);
			assertThat(ex.getMessage()).doesNotContain(SECRET).doesNotContain(signature(SECRET, BODY));
		}
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> verify(TestSignatures.request(Map.of(), BODY), clockAt(T_MILLIS), SECRET));
		assertThat(ex.reason()).isEqualTo(Reason.MISSING_SIGNATURE);
	}

	@Test
	void validateRequiresASecret() {
		assertThatIllegalStateException().isThrownBy(() -> this.provider.validate(endpoint()))
			.withMessageContaining("webhook.receiver.endpoints.linear.secret");
	}

	private VerifiedDelivery verify(WebhookRequest request, Clock clock, String... secrets) {
		return this.provider.verify(request, endpoint(secrets), clock);
	}

	private static WebhookRequest request(String body, String signature) {
		return TestSignatures.request(Map.of("Linear-Signature", signature, "Linear-Delivery", "delivery-1",
				"Linear-Event", "Issue"), body);
	}

	private static String signature(String secret, String body) {
		return TestSignatures.hmacSha256Hex(secret, body);
	}

	private static Clock clockAt(long epochMillis) {
		return Clock.fixed(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
	}

	private static WebhookEndpoint endpoint(String... secrets) {
		return new WebhookEndpoint("linear", "/webhooks/linear", "linear", List.of(secrets), Duration.ofMinutes(1));
	}

}
