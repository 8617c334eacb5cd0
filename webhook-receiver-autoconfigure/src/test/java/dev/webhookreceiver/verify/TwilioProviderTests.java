package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;

import dev.webhookreceiver.verify.WebhookEndpoint.SignatureSettings;
import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link TwilioProvider}.
 */
class TwilioProviderTests {

	private static final String TOKEN = "12345";

	private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";

	private static final String FORM = "application/x-www-form-urlencoded";

	private static final String SMS = "MessageSid=SM1&SmsStatus=received&Body=Caf%C3%A9+%2B+1&From=%2B14155550100";

	private static final String SMS_SIGNED = URL + "BodyCafé + 1From+14155550100MessageSidSM1SmsStatusreceived";

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

	private final TwilioProvider provider = new TwilioProvider(JsonMapper.builder().build());

	@Test
	void nameIsTwilio() {
		assertThat(this.provider.name()).isEqualTo("twilio");
	}

	@Test
	void formDeliveryHasTheIdempotencyTokenAndTheSmsStatus() {
		WebhookRequest request = request(URL, FORM, SMS, TestSignatures.hmacSha1Base64(TOKEN, SMS_SIGNED),
				"token-1");
		assertThat(verify(request)).isEqualTo(new VerifiedDelivery("token-1", "received", null));
	}

	@Test
	void deliveryIdWithoutIdempotencyTokenIsTheHashOfUrlAndBody() {
		WebhookRequest request = request(URL, FORM, SMS, TestSignatures.hmacSha1Base64(TOKEN, SMS_SIGNED), null);
		assertThat(verify(request).deliveryId()).isEqualTo(TestSignatures.sha256Hex(URL + SMS));
	}

	@ParameterizedTest
	@CsvSource({ "CallSid=CA1&CallStatus=ringing, CallSidCA1CallStatusringing, ringing",
			"MessageStatus=delivered&MessageSid=SM1, MessageSidSM1MessageStatusdelivered, delivered",
			"SmsStatus=sent&EventType=onMessageAdded, EventTypeonMessageAddedSmsStatussent, onMessageAdded" })
	void eventTypeIsTheFirstOfEventTypeAndTheStatuses(String body, String signedParameters, String eventType) {
		WebhookRequest request = request(URL, FORM, body, TestSignatures.hmacSha1Base64(TOKEN, URL + signedParameters),
				"t");
		assertThat(verify(request).eventType()).isEqualTo(eventType);
	}

	@Test
	void eventTypeIsWhereTheEndpointSaysIfConfigured() {
		WebhookRequest request = request(URL, FORM, SMS, TestSignatures.hmacSha1Base64(TOKEN, SMS_SIGNED), "t");
		assertThat(verify(request, endpoint("fixed:sms", TOKEN)).eventType()).isEqualTo("sms");
		assertThat(verify(request, endpoint("form:From", TOKEN)).eventType()).isEqualTo("+14155550100");
	}

	@Test
	void givesADeliveryWithoutEventTypeTheEmptyEventType() {
		String body = "CallSid=CA1";
		assertThat(verify(request(URL, FORM, body, TestSignatures.hmacSha1Base64(TOKEN, URL + "CallSidCA1"), "t")))
			.isEqualTo(new VerifiedDelivery("t", "", null));
	}

	@Test
	void readsTheDeliveryIdWhereTheEndpointSays() {
		WebhookEndpoint endpoint = TestSignatures.overriding(endpoint(null, TOKEN), "form:MessageSid", null);
		this.provider.validate(endpoint);
		assertThat(verify(request(URL, FORM, SMS, TestSignatures.hmacSha1Base64(TOKEN, SMS_SIGNED), "t"), endpoint))
			.isEqualTo(new VerifiedDelivery("SM1", "received", null));
	}

	@Test
	void repeatedParametersAreSignedOncePerValueInOrder() {
		String body = "Digits=5678&Digits=1234&Digits=1234";
		String signature = TestSignatures.hmacSha1Base64(TOKEN, URL + "Digits1234Digits1234Digits5678");
		assertThat(verify(request(URL, FORM, body, signature, "t"), endpoint("fixed:gather", TOKEN)).eventType())
			.isEqualTo("gather");
		String deduplicated = TestSignatures.hmacSha1Base64(TOKEN, URL + "Digits1234Digits5678");
		assertRejected(request(URL, FORM, body, deduplicated, "t"), Reason.INVALID_SIGNATURE);
	}

	@Test
	void queryParametersAreSignedOnlyAsPartOfTheUrl() {
		WebhookRequest request = request(URL, FORM, SMS, TestSignatures.hmacSha1Base64(TOKEN,
				URL + "Body" + "Café + 1" + "From+14155550100MessageSidSM1SmsStatusreceivedbar2foo1"), "t");
		assertRejected(request, Reason.INVALID_SIGNATURE);
	}

	@ParameterizedTest
	@CsvSource({ "https://mycompany.com/myapp.php?foo=1&bar=2, https://mycompany.com:443/myapp.php?foo=1&bar=2",
			"https://mycompany.com:443/myapp.php?foo=1&bar=2, https://mycompany.com/myapp.php?foo=1&bar=2",
			"https://mycompany.com:1234/myapp.php?foo=1&bar=2, https://mycompany.com/myapp.php?foo=1&bar=2",
			"http://mycompany.com/myapp.php, http://mycompany.com:80/myapp.php" })
	void acceptsTheUrlSignedWithOrWithoutPort(String received, String signed) {
		String signature = TestSignatures.hmacSha1Base64(TOKEN,
				signed + "BodyCafé + 1From+14155550100MessageSidSM1SmsStatusreceived");
		assertThat(verify(request(received, FORM, SMS, signature, "t")).eventType()).isEqualTo("received");
	}

	@Test
	void rejectsAnotherPortThanTheReceivedOne() {
		String signature = TestSignatures.hmacSha1Base64(TOKEN, "https://mycompany.com:8443/myapp.php?foo=1&bar=2"
				+ "BodyCafé + 1From+14155550100MessageSidSM1SmsStatusreceived");
		assertRejected(request("https://mycompany.com:1234/myapp.php?foo=1&bar=2", FORM, SMS, signature, "t"),
				Reason.INVALID_SIGNATURE);
	}

	@Test
	void urlVariantsKeepUserInfoQueryAndIpv6Hosts() {
		assertThat(TwilioProvider.urlVariants("https://user:pass@example.com/a?b=c:1")).containsExactly(
				"https://user:pass@example.com/a?b=c:1", "https://user:pass@example.com:443/a?b=c:1");
		assertThat(TwilioProvider.urlVariants("https://[::1]:8443/a")).containsExactly("https://[::1]/a",
				"https://[::1]:8443/a");
		assertThat(TwilioProvider.urlVariants("https://[::1]")).containsExactly("https://[::1]", "https://[::1]:443");
		assertThat(TwilioProvider.urlVariants("ftp://example.com/a")).containsExactly("ftp://example.com/a");
		assertThat(TwilioProvider.urlVariants("not a url")).containsExactly("not a url");
	}

	@Test
	void jsonBodyIsCoveredByTheBodyHashInTheSignedUrl() {
		String body = "{\"EventType\":\"onMessageAdded\",\"Index\":7}";
		String url = "https://example.com/conversations?bodySHA256=" + TestSignatures.sha256Hex(body);
		WebhookRequest request = request(url, "application/json", body, TestSignatures.hmacSha1Base64(TOKEN, url),
				"t");
		assertThat(verify(request)).isEqualTo(new VerifiedDelivery("t", "onMessageAdded", null));
		WebhookRequest tampered = request(url, "application/json", body.replace('7', '8'),
				TestSignatures.hmacSha1Base64(TOKEN, url), "t");
		assertThat(assertRejected(tampered, Reason.INVALID_SIGNATURE))
			.hasMessage("The body's SHA-256 is not the bodySHA256 of the URL");
	}

	@Test
	void rejectsAUrlWithTwoBodyHashes() {
		String body = "{}";
		String url = "https://example.com/c?bodySHA256=" + TestSignatures.sha256Hex(body) + "&bodySHA256=x";
		assertRejected(request(url, "application/json", body, TestSignatures.hmacSha1Base64(TOKEN, url), "t"),
				Reason.INVALID_SIGNATURE);
	}

	@Test
	void rejectsABodyThatIsNeitherFormNorHashed() {
		String body = "{\"EventType\":\"onMessageAdded\"}";
		WebhookRejectedException ex = assertRejected(
				request(URL, "application/json", body, TestSignatures.hmacSha1Base64(TOKEN, URL), "t"),
				Reason.INVALID_SIGNATURE);
		assertThat(ex.getMessage()).contains("not form-encoded");
	}

	@ParameterizedTest
	@ValueSource(strings = { "SmsStatus=received&Body=a b", "SmsStatus=received&Body=Caf%c3%a9",
			"SmsStatus=received&Body", "SmsStatus=received&&Body=a", "SmsStatus=received&Body=a=b",
			"=received", "SmsStatus=received&", "SmsStatus=received&Body=%4", "SmsStatus=received&Body=%G1" })
	void rejectsFormBodiesThatTwilioWouldEncodeOtherwise(String body) {
		byte[] decodable = body.replace("%4", "").replace("%G1", "").getBytes(StandardCharsets.UTF_8);
		String signed = URL + FormFields.parse(decodable)
			.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.map((entry) -> entry.getKey() + String.join("", entry.getValue()))
			.reduce("", String::concat);
		WebhookRejectedException ex = assertRejected(
				request(URL, FORM, body, TestSignatures.hmacSha1Base64(TOKEN, signed), "t"), Reason.INVALID_SIGNATURE);
		assertThat(ex).hasMessage("The form body is not encoded as Twilio encodes it");
	}

	@Test
	void acceptsAnEmptyFormBody() {
		WebhookRequest request = request(URL, FORM, "", TestSignatures.hmacSha1Base64(TOKEN, URL), "t");
		assertThat(verify(request, endpoint("fixed:ping", TOKEN)).eventType()).isEqualTo("ping");
	}

	@Test
	void acceptsASecondTokenDuringRotation() {
		WebhookRequest request = request(URL, FORM, SMS, TestSignatures.hmacSha1Base64(TOKEN, SMS_SIGNED), "t");
		assertThat(verify(request, endpoint(null, "old-token", TOKEN)).eventType()).isEqualTo("received");
	}

	@ParameterizedTest
	@ValueSource(strings = { "RSOYDt4T1cUTdK1PDd93/VVr8B9=", "not base64!", "AAAA" })
	void rejectsMalformedOrWrongSignatures(String signature) {
		assertRejected(request(URL, FORM, SMS, signature, "t"), Reason.INVALID_SIGNATURE);
	}

	@Test
	void rejectsAMissingSignatureAsMissing() {
		HttpHeaders headers = new HttpHeaders();
		headers.add("Content-Type", FORM);
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> this.provider.verify(new WebhookRequest(URL, headers, SMS.getBytes(StandardCharsets.UTF_8)),
						endpoint(null, TOKEN), CLOCK));
		assertThat(ex.reason()).isEqualTo(Reason.MISSING_SIGNATURE);
		assertThat(ex).hasMessage("The X-Twilio-Signature header is missing");
	}

	@Test
	void validateRequiresATokenAndAValidEventType() {
		assertThatIllegalStateException().isThrownBy(() -> this.provider.validate(endpoint(null)))
			.withMessageContaining("webhook.receiver.endpoints.twilio.secret")
			.withMessageContaining("Auth Token");
		assertThatIllegalStateException().isThrownBy(() -> this.provider.validate(endpoint("status", TOKEN)))
			.withMessageStartingWith("Invalid webhook.receiver.endpoints.twilio.event-type 'status'")
			.withMessageContaining("fixed:order.created");
	}

	private VerifiedDelivery verify(WebhookRequest request) {
		return verify(request, endpoint(null, TOKEN));
	}

	private VerifiedDelivery verify(WebhookRequest request, WebhookEndpoint endpoint) {
		this.provider.validate(endpoint);
		return this.provider.verify(request, endpoint, CLOCK);
	}

	private WebhookRejectedException assertRejected(WebhookRequest request, Reason reason) {
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> this.provider.verify(request, endpoint(null, TOKEN), CLOCK));
		assertThat(ex).as("rejection").isNotNull();
		assertThat(ex.reason()).isEqualTo(reason);
		assertThat(ex.getMessage()).doesNotContain(TOKEN);
		return ex;
	}

	private static WebhookRequest request(String url, String contentType, String body, String signature,
			@Nullable String idempotencyToken) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", contentType);
		headers.put("X-Twilio-Signature", signature);
		if (idempotencyToken != null) {
			headers.put("I-Twilio-Idempotency-Token", idempotencyToken);
		}
		HttpHeaders httpHeaders = new HttpHeaders();
		headers.forEach(httpHeaders::add);
		return new WebhookRequest(url, httpHeaders, body.getBytes(StandardCharsets.UTF_8));
	}

	private static WebhookEndpoint endpoint(@Nullable String eventType, String... secrets) {
		return new WebhookEndpoint("twilio", "/webhooks/twilio", "twilio", List.of(secrets), Duration.ofMinutes(5),
				SignatureSettings.DEFAULT, null, null, eventType);
	}

}
