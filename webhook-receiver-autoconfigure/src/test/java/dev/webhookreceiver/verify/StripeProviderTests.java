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
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link StripeProvider}.
 */
class StripeProviderTests {

	private static final String SECRET = "whsec_test_Rk4mQ2vX9pLz";

	private static final String BODY = "{\n  \"id\": \"evt_1\",\n  \"type\": \"invoice.paid\"\n}";

	private static final long T = 1767225600;

	private final StripeProvider provider = new StripeProvider(JsonMapper.builder().build());

	@Test
	void nameIsStripe() {
		assertThat(this.provider.name()).isEqualTo("stripe");
	}

	@Test
	void verifiesAndReadsIdAndTypeFromThePayload() {
		VerifiedDelivery delivery = verify("t=" + T + ",v1=" + v1(SECRET, T, BODY), BODY, SECRET);
		assertThat(delivery).isEqualTo(new VerifiedDelivery("evt_1", "invoice.paid", Instant.ofEpochSecond(T)));
	}

	@Test
	void acceptsAnySignatureOfSeveral() {
		String header = "t=" + T + ",v1=" + v1("whsec_other", T, BODY) + ",v1=" + v1(SECRET, T, BODY);
		assertThat(verify(header, BODY, SECRET).deliveryId()).isEqualTo("evt_1");
	}

	@Test
	void acceptsASecondSecretDuringRotation() {
		String header = "t=" + T + ",v1=" + v1(SECRET, T, BODY);
		assertThat(verify(header, BODY, "whsec_old", SECRET).deliveryId()).isEqualTo("evt_1");
	}

	@Test
	void ignoresOtherSchemes() {
		String header = "t=" + T + ",v1=" + "00".repeat(32) + ",v0=" + v1(SECRET, T, BODY);
		assertRejected(header, BODY, Reason.INVALID_SIGNATURE);
	}

	@Test
	void rejectsMoreThanTenSignaturesEvenIfOneMatches() {
		String header = "t=" + T + (",v1=" + "00".repeat(32)).repeat(10) + ",v1=" + v1(SECRET, T, BODY);
		WebhookRejectedException ex = assertRejected(header, BODY, Reason.INVALID_SIGNATURE);
		assertThat(ex).hasMessage("The Stripe-Signature header carries more than 10 signatures");
	}

	@Test
	void acceptsTenSignatures() {
		String header = "t=" + T + (",v1=" + "00".repeat(32)).repeat(9) + ",v1=" + v1(SECRET, T, BODY);
		assertThat(verify(header, BODY, SECRET).deliveryId()).isEqualTo("evt_1");
	}

	@Test
	void rejectsAnOversizedHeader() {
		String header = "t=" + T + ",v1=" + v1(SECRET, T, BODY) + ",v0=" + "0".repeat(SignatureHeader.MAX_LENGTH);
		WebhookRejectedException ex = assertRejected(header, BODY, Reason.INVALID_SIGNATURE);
		assertThat(ex).hasMessage("The Stripe-Signature header is longer than 4096 characters");
	}

	@ParameterizedTest
	@ValueSource(strings = { "v1=zz", "t=1767225600,v1=zz", "t=1767225600,v1=", "t=1767225600", "t=abc,v1=00",
			"t=1767225600,v1=00,t=1767225600", "t=1767225600,,v1=00", "t=1767225600;v1=00", "garbage", "=",
			"t=,v1=00" })
	void rejectsMalformedHeadersWithAReason(String header) {
		assertRejected(header, BODY, Reason.INVALID_SIGNATURE);
	}

	@Test
	void rejectsAMissingHeader() {
		WebhookRequest request = TestSignatures.request(Map.of(), BODY);
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> this.provider.verify(request, endpoint(SECRET), clockAt(T)));
		assertThat(ex.reason()).isEqualTo(Reason.MISSING_SIGNATURE);
	}

	@Test
	void rejectsAnOldTimestamp() {
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> this.provider.verify(request("t=" + T + ",v1=" + v1(SECRET, T, BODY), BODY), endpoint(SECRET),
						clockAt(T + 412)));
		assertThat(ex.reason()).isEqualTo(Reason.STALE_TIMESTAMP);
		assertThat(ex).hasMessage("The timestamp is 412 s old, tolerance is 300 s");
	}

	@Test
	void rejectsAFutureTimestampUnlikeStripesSdks() {
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> this.provider.verify(request("t=" + T + ",v1=" + v1(SECRET, T, BODY), BODY), endpoint(SECRET),
						clockAt(T - 301)));
		assertThat(ex.reason()).isEqualTo(Reason.STALE_TIMESTAMP);
		assertThat(ex).hasMessage("The timestamp is 301 s in the future, tolerance is 300 s");
	}

	@Test
	void givesAnAuthenticPayloadWithoutTypeTheEmptyEventType() {
		String body = "{\"id\":\"evt_1\"}";
		assertThat(verify("t=" + T + ",v1=" + v1(SECRET, T, body), body, SECRET))
			.isEqualTo(new VerifiedDelivery("evt_1", "", Instant.ofEpochSecond(T)));
	}

	@Test
	void rejectsAnAuthenticPayloadWithoutIdAsMalformedOfItsEventType() {
		String body = "{\"type\":\"invoice.paid\"}";
		assertThat(assertRejected("t=" + T + ",v1=" + v1(SECRET, T, body), body, Reason.MALFORMED).eventType())
			.isEqualTo("invoice.paid");
	}

	@Test
	void readsTheDeliveryIdAndEventTypeWhereTheEndpointSays() {
		String body = "{\"request\":{\"idempotency_key\":\"key-1\"},\"kind\":\"billing\"}";
		WebhookEndpoint endpoint = TestSignatures.overriding(endpoint(SECRET), "json:/request/idempotency_key",
				"json:/kind");
		this.provider.validate(endpoint);
		assertThat(this.provider.verify(request("t=" + T + ",v1=" + v1(SECRET, T, body), body), endpoint,
				clockAt(T)))
			.isEqualTo(new VerifiedDelivery("key-1", "billing", Instant.ofEpochSecond(T)));
	}

	@Test
	void refusesAnInvalidOverrideAtStartup() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.provider.validate(TestSignatures.overriding(endpoint(SECRET), "fixed:x", null)))
			.withMessageContaining("webhook.receiver.endpoints.stripe.delivery-id 'fixed:x'");
	}

	@Test
	void rejectsAnAuthenticPayloadThatIsNotJsonAsMalformed() {
		String body = "[\"evt_1\"]";
		assertRejected("t=" + T + ",v1=" + v1(SECRET, T, body), body, Reason.MALFORMED);
	}

	@Test
	void detailsNeverContainTheSecretOrTheExpectedSignature() {
		String expected = v1(SECRET, T, BODY);
		for (String header : List.of("t=" + T + ",v1=" + v1("whsec_other", T, BODY), "t=" + T + ",v1=zz",
				"t=" + (T - 1) + ",v1=" + expected)) {
			WebhookRejectedException ex = assertRejected(header, BODY, Reason.INVALID_SIGNATURE);
			assertThat(ex.getMessage()).doesNotContain(SECRET).doesNotContain(expected);
		}
	}

	@Test
	void validateAcceptsSigningSecrets() {
		assertThatNoException().isThrownBy(() -> this.provider.validate(endpoint(SECRET, "")));
	}

	@Test
	void validateRejectsAnApiKeyWithoutEchoingIt() {
		String apiKey = "sk_test_51Hx";
		assertThatIllegalStateException().isThrownBy(() -> this.provider.validate(endpoint(SECRET, apiKey)))
			.withMessageContaining("webhook.receiver.endpoints.stripe.secret")
			.withMessageContaining("whsec_")
			.withMessageNotContaining(apiKey);
	}

	@Test
	void validateRejectsThePrefixAloneAKeyAnyoneCouldSignWith() {
		assertThatIllegalStateException().isThrownBy(() -> this.provider.validate(endpoint(SECRET, "whsec_")))
			.withMessageContaining("webhook.receiver.endpoints.stripe.secret")
			.withMessageContaining("nothing follows 'whsec_'");
	}

	@Test
	void validateRequiresASecret() {
		assertThatIllegalStateException().isThrownBy(() -> this.provider.validate(endpoint()))
			.withMessageContaining("webhook.receiver.endpoints.stripe.secret");
	}

	private VerifiedDelivery verify(String header, String body, String... secrets) {
		return this.provider.verify(request(header, body), endpoint(secrets), clockAt(T + 42));
	}

	private WebhookRejectedException assertRejected(String header, String body, Reason reason) {
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> this.provider.verify(request(header, body), endpoint(SECRET), clockAt(T + 42)));
		assertThat(ex).as("rejection").isNotNull();
		assertThat(ex.reason()).isEqualTo(reason);
		return ex;
	}

	private static WebhookRequest request(String header, String body) {
		return TestSignatures.request(Map.of("Content-Type", "application/json", "Stripe-Signature", header), body);
	}

	private static String v1(String secret, long timestamp, String body) {
		return TestSignatures.hmacSha256Hex(secret, timestamp + "." + body);
	}

	private static Clock clockAt(long epochSeconds) {
		return Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
	}

	private static WebhookEndpoint endpoint(String... secrets) {
		return new WebhookEndpoint("stripe", "/webhooks/stripe", "stripe", List.of(secrets), Duration.ofMinutes(5));
	}

}
