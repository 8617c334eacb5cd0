package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;

import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link SquareProvider}.
 */
class SquareProviderTests {

	private static final String SECRET = "sqwh_test_Kx9QpL2m";

	private static final String URL = "https://hooks.example.com/webhooks/square?env=prod";

	private static final String BODY = "{\"type\":\"payment.updated\",\"event_id\":\"6a8f5f28\"}";

	private final SquareProvider provider = new SquareProvider(JsonMapper.builder().build());

	private final Clock clock = Clock.systemUTC();

	@Test
	void nameIsSquare() {
		assertThat(this.provider.name()).isEqualTo("square");
	}

	@Test
	void signsTheNotificationUrlAndBody() {
		assertThat(this.provider.verify(request(URL, signature(SECRET, URL)), endpoint(SECRET), this.clock))
			.isEqualTo(new VerifiedDelivery("6a8f5f28", "payment.updated", null));
	}

	@Test
	void givesANotificationWithoutTypeTheEmptyEventType() {
		String body = "{\"event_id\":\"6a8f5f29\"}";
		HttpHeaders headers = new HttpHeaders();
		headers.add("X-Square-HmacSha256-Signature",
				TestSignatures.hmacSha256Base64(SECRET.getBytes(StandardCharsets.UTF_8), URL + body));
		assertThat(this.provider.verify(new WebhookRequest(URL, headers, body.getBytes(StandardCharsets.UTF_8)),
				endpoint(SECRET), this.clock))
			.isEqualTo(new VerifiedDelivery("6a8f5f29", "", null));
	}

	@Test
	void readsTheDeliveryIdAndEventTypeWhereTheEndpointSays() {
		WebhookEndpoint endpoint = TestSignatures.overriding(endpoint(SECRET), "json:/type", "fixed:square");
		this.provider.validate(endpoint);
		assertThat(this.provider.verify(request(URL, signature(SECRET, URL)), endpoint, this.clock))
			.isEqualTo(new VerifiedDelivery("payment.updated", "square", null));
	}

	@Test
	void rejectsASignatureForAnotherUrl() {
		String other = "https://hooks.example.com/webhooks/square";
		WebhookRejectedException ex = assertRejected(request(other, signature(SECRET, URL)), Reason.INVALID_SIGNATURE);
		assertThat(ex).hasMessageContaining("notification URL");
	}

	@Test
	void acceptsASecondSecretDuringRotation() {
		assertThat(this.provider.verify(request(URL, signature(SECRET, URL)), endpoint("old", SECRET), this.clock)
			.deliveryId()).isEqualTo("6a8f5f28");
	}

	@Test
	void rejectsTheLegacySha1HeaderAloneAsMissing() {
		WebhookRequest request = TestSignatures.request(Map.of("x-square-signature", "AAAA"), BODY);
		WebhookRejectedException ex = assertRejected(request, Reason.MISSING_SIGNATURE);
		assertThat(ex).hasMessageContaining("legacy SHA-1");
	}

	@Test
	void rejectsAMalformedSignature() {
		assertRejected(request(URL, "***"), Reason.INVALID_SIGNATURE);
	}

	@Test
	void detailsNeverContainTheSecretOrTheExpectedSignature() {
		WebhookRejectedException ex = assertRejected(request(URL, signature("other", URL)), Reason.INVALID_SIGNATURE);
		assertThat(ex.getMessage()).doesNotContain(SECRET).doesNotContain(signature(SECRET, URL));
	}

	@Test
	void validateRequiresASecret() {
		assertThatIllegalStateException().isThrownBy(() -> this.provider.validate(endpoint()))
			.withMessageContaining("webhook.receiver.endpoints.square.secret");
	}

	private WebhookRejectedException assertRejected(WebhookRequest request, Reason reason) {
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> this.provider.verify(request, endpoint(SECRET), this.clock));
		assertThat(ex).as("rejection").isNotNull();
		assertThat(ex.reason()).isEqualTo(reason);
		return ex;
	}

	private static WebhookRequest request(String url, String signature) {
		HttpHeaders headers = new HttpHeaders();
		headers.add("X-Square-HmacSha256-Signature", signature);
		return new WebhookRequest(url, headers, BODY.getBytes(StandardCharsets.UTF_8));
	}

	private static String signature(String secret, String url) {
		return TestSignatures.hmacSha256Base64(secret.getBytes(StandardCharsets.UTF_8), url + BODY);
	}

	private static WebhookEndpoint endpoint(String... secrets) {
		return new WebhookEndpoint("square", "/webhooks/square", "square", List.of(secrets), Duration.ofMinutes(5));
	}

}
