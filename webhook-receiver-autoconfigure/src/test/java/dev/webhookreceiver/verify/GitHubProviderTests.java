package dev.webhookreceiver.verify;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
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
 * Tests for {@link GitHubProvider}.
 */
class GitHubProviderTests {

	private static final String SECRET = "gh-secret-4b1d";

	private static final String BODY = "{\"action\":\"opened\",\"issue\":{\"number\":1}}";

	private final GitHubProvider provider = new GitHubProvider(JsonMapper.builder().build());

	private final Clock clock = Clock.systemUTC();

	@Test
	void nameIsGithub() {
		assertThat(this.provider.name()).isEqualTo("github");
	}

	@Test
	void composesEventTypeFromHeaderAndAction() {
		VerifiedDelivery delivery = this.provider.verify(request(BODY, signature(SECRET, BODY)), endpoint(SECRET),
				this.clock);
		assertThat(delivery).isEqualTo(new VerifiedDelivery("d-1", "issues.opened", null));
	}

	@Test
	void eventTypeIsTheHeaderWhenThePayloadHasNoAction() {
		String body = "{\"zen\":\"Keep it logically awesome.\"}";
		assertThat(this.provider.verify(request(body, signature(SECRET, body)), endpoint(SECRET), this.clock)
			.eventType()).isEqualTo("issues");
	}

	@Test
	void readsActionOfAFormEncodedDelivery() {
		String body = "payload=" + URLEncoder.encode(BODY, StandardCharsets.UTF_8);
		Map<String, String> headers = headers(signature(SECRET, body));
		headers.put("Content-Type", "application/x-www-form-urlencoded");
		assertThat(this.provider.verify(TestSignatures.request(headers, body), endpoint(SECRET), this.clock)
			.eventType()).isEqualTo("issues.opened");
	}

	@Test
	void acceptsASecondSecretDuringRotation() {
		WebhookEndpoint endpoint = endpoint("old-secret", "", SECRET);
		assertThat(this.provider.verify(request(BODY, signature(SECRET, BODY)), endpoint, this.clock).deliveryId())
			.isEqualTo("d-1");
	}

	@Test
	void rejectsASignatureOfAnotherSecret() {
		assertRejected(request(BODY, signature("other", BODY)), Reason.INVALID_SIGNATURE);
	}

	@Test
	void rejectsALegacySha1SignatureAloneAsMissing() {
		Map<String, String> headers = headers(signature(SECRET, BODY));
		headers.remove("X-Hub-Signature-256");
		headers.put("X-Hub-Signature", "sha1=0000000000000000000000000000000000000000");
		WebhookRejectedException ex = assertRejected(TestSignatures.request(headers, BODY), Reason.MISSING_SIGNATURE);
		assertThat(ex).hasMessageContaining("legacy SHA-1");
	}

	@Test
	void rejectsAMissingSignature() {
		Map<String, String> headers = headers(signature(SECRET, BODY));
		headers.remove("X-Hub-Signature-256");
		assertRejected(TestSignatures.request(headers, BODY), Reason.MISSING_SIGNATURE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "sha256=", "sha256=zz", "sha256=abc", "sha1=00", "sha256 = 00", "==", "sha256=%00" })
	void rejectsMalformedSignaturesWithAReason(String header) {
		WebhookRejectedException ex = assertRejected(request(BODY, header), Reason.INVALID_SIGNATURE);
		assertThat(ex).hasMessage("The X-Hub-Signature-256 header is not of the form sha256=<hex>");
	}

	@Test
	void rejectsUpperCaseHex() {
		assertRejected(request(BODY, signature(SECRET, BODY).toUpperCase().replace("SHA256=", "sha256=")),
				Reason.INVALID_SIGNATURE);
	}

	@Test
	void rejectsAnOversizedHeaderBeforeComputingAnything() {
		String header = signature(SECRET, BODY) + "0".repeat(SignatureHeader.MAX_LENGTH);
		WebhookRejectedException ex = assertRejected(request(BODY, header), Reason.INVALID_SIGNATURE);
		assertThat(ex).hasMessage("The X-Hub-Signature-256 header is longer than 4096 characters");
	}

	@Test
	void rejectsAnAuthenticDeliveryWithoutDeliveryIdAsMalformedOfItsEventType() {
		Map<String, String> headers = headers(signature(SECRET, BODY));
		headers.remove("X-GitHub-Delivery");
		WebhookRejectedException ex = assertRejected(TestSignatures.request(headers, BODY), Reason.MALFORMED);
		assertThat(ex.eventType()).isEqualTo("issues.opened");
	}

	@Test
	void givesAnAuthenticDeliveryWithoutEventTheEmptyEventType() {
		Map<String, String> headers = headers(signature(SECRET, BODY));
		headers.remove("X-GitHub-Event");
		assertThat(this.provider.verify(TestSignatures.request(headers, BODY), endpoint(SECRET), this.clock))
			.isEqualTo(new VerifiedDelivery("d-1", "", null));
	}

	@Test
	void readsTheDeliveryIdAndEventTypeWhereTheEndpointSays() {
		Map<String, String> headers = headers(signature(SECRET, BODY));
		headers.remove("X-GitHub-Delivery");
		headers.put("X-Request-Id", "req-1");
		WebhookEndpoint endpoint = TestSignatures.overriding(endpoint(SECRET), "header:X-Request-Id",
				"json:/issue/number");
		this.provider.validate(endpoint);
		assertThat(this.provider.verify(TestSignatures.request(headers, BODY), endpoint, this.clock))
			.isEqualTo(new VerifiedDelivery("req-1", "1", null));
	}

	@Test
	void rejectsAnAuthenticDeliveryThatIsNotJsonAsMalformed() {
		String body = "not json";
		assertRejected(request(body, signature(SECRET, body)), Reason.MALFORMED);
	}

	@Test
	void detailsNeverContainTheSecretOrTheExpectedSignature() {
		String expected = signature(SECRET, BODY).substring("sha256=".length());
		for (String header : List.of(signature("other", BODY), "sha256=zz", "x".repeat(5000))) {
			WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
					() -> this.provider.verify(request(BODY, header), endpoint(SECRET), this.clock));
			assertThat(ex.getMessage()).doesNotContain(SECRET).doesNotContain(expected);
		}
	}

	@Test
	void validateRequiresASecret() {
		assertThatIllegalStateException().isThrownBy(() -> this.provider.validate(endpoint("")))
			.withMessageContaining("webhook.receiver.endpoints.github.secret");
	}

	private WebhookRejectedException assertRejected(WebhookRequest request, Reason reason) {
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> this.provider.verify(request, endpoint(SECRET), this.clock));
		assertThat(ex).as("rejection").isNotNull();
		assertThat(ex.reason()).isEqualTo(reason);
		return ex;
	}

	private static WebhookRequest request(String body, String signature) {
		return TestSignatures.request(headers(signature), body);
	}

	private static Map<String, String> headers(String signature) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", "application/json");
		headers.put("X-GitHub-Delivery", "d-1");
		headers.put("X-GitHub-Event", "issues");
		headers.put("X-Hub-Signature-256", signature);
		return headers;
	}

	private static String signature(String secret, String body) {
		return "sha256=" + TestSignatures.hmacSha256Hex(secret, body);
	}

	private static WebhookEndpoint endpoint(String... secrets) {
		return new WebhookEndpoint("github", "/webhooks/github", "github", List.of(secrets), Duration.ofMinutes(5));
	}

}
