package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;

import dev.webhookreceiver.verify.WebhookEndpoint.SignatureSettings;
import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link HmacProvider}.
 */
class HmacProviderTests {

	private static final String SECRET = "test-only-secret";

	private static final long T = 1767225600;

	private static final String URL = "https://hooks.example.com/webhooks/custom?tenant=a";

	private static final String BODY = "{\"id\":\"evt_1\",\"type\":\"order.created\",\"n\":1.0}";

	private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(T + 42), ZoneOffset.UTC);

	private final HmacProvider provider = new HmacProvider(JsonMapper.builder().build());

	@Test
	void nameIsHmac() {
		assertThat(this.provider.name()).isEqualTo("hmac");
		assertThat(this.provider.requiresSecret()).isTrue();
	}

	@ParameterizedTest
	@CsvSource({ "HmacSHA1, hex", "HmacSHA1, base64", "HmacSHA256, hex", "HmacSHA256, base64", "HmacSHA512, hex",
			"HmacSHA512, base64", "hmacsha256, hex" })
	void verifiesEveryAlgorithmAndEncoding(String algorithm, String encoding) {
		SignatureSettings settings = new SignatureSettings("X-Signature", algorithm, encoding, "", "{body}");
		WebhookEndpoint endpoint = endpoint(settings, null, null, "json:/type", SECRET);
		String signature = sign(algorithm, encoding, SECRET, BODY);
		VerifiedDelivery delivery = verify(endpoint, Map.of("X-Signature", signature));
		assertThat(delivery).isEqualTo(
				new VerifiedDelivery(BodyHash.sha256Hex(BODY.getBytes(StandardCharsets.UTF_8)), "order.created", null));
		assertRejected(endpoint, Map.of("X-Signature", sign(algorithm, encoding, "other", BODY)),
				Reason.INVALID_SIGNATURE);
	}

	@Test
	void acceptsHexInEitherCaseAndStripsThePrefix() {
		SignatureSettings settings = new SignatureSettings("X-Signature", "HmacSHA256", "hex", "sha256=", "{body}");
		WebhookEndpoint endpoint = endpoint(settings, null, null, "fixed:order", SECRET);
		String hex = sign("HmacSHA256", "hex", SECRET, BODY);
		assertThat(verify(endpoint, Map.of("X-Signature", "sha256=" + hex)).eventType()).isEqualTo("order");
		assertThat(verify(endpoint, Map.of("X-Signature", "sha256=" + hex.toUpperCase(Locale.ROOT))).eventType())
			.isEqualTo("order");
		assertRejected(endpoint, Map.of("X-Signature", hex), Reason.INVALID_SIGNATURE);
		assertRejected(endpoint, Map.of("X-Signature", "sha1=" + hex), Reason.INVALID_SIGNATURE);
	}

	@Test
	void signsTheTemplateWithIdTimestampUrlAndLiteralText() {
		SignatureSettings settings = new SignatureSettings("X-Signature", "HmacSHA256", "base64", "v1,",
				"v1:{id}.{timestamp}.{url}|{body}");
		WebhookEndpoint endpoint = endpoint(settings, "header:X-Timestamp", "header:X-Id", "header:X-Event",
				SECRET);
		String signature = "v1," + sign("HmacSHA256", "base64", SECRET, "v1:msg_1." + T + "." + URL + "|" + BODY);
		Map<String, String> headers = Map.of("X-Signature", signature, "X-Timestamp", String.valueOf(T), "X-Id",
				"msg_1", "X-Event", "order.paid");
		assertThat(verify(endpoint, headers))
			.isEqualTo(new VerifiedDelivery("msg_1", "order.paid", Instant.ofEpochSecond(T)));
		assertRejected(endpoint, with(headers, "X-Id", "msg_2"), Reason.INVALID_SIGNATURE);
		assertRejected(endpoint, with(headers, "X-Timestamp", String.valueOf(T + 1)), Reason.INVALID_SIGNATURE);
		assertRejected(endpoint, with(headers, "X-Id", null), Reason.MISSING_SIGNATURE);
		assertRejected(endpoint, with(headers, "X-Timestamp", null), Reason.MISSING_SIGNATURE);
	}

	@Test
	void checksTheTimestampInBothDirections() {
		SignatureSettings settings = new SignatureSettings("X-Signature", "HmacSHA256", "hex", "",
				"{timestamp}.{body}");
		WebhookEndpoint endpoint = endpoint(settings, "header:X-Timestamp", null, "json:/type", SECRET);
		for (long timestamp : new long[] { T - 301, T + 400 }) {
			Map<String, String> headers = Map.of("X-Timestamp", String.valueOf(timestamp), "X-Signature",
					sign("HmacSHA256", "hex", SECRET, timestamp + "." + BODY));
			assertRejected(endpoint, headers, Reason.STALE_TIMESTAMP);
		}
		Map<String, String> malformed = Map.of("X-Timestamp", "2026-01-01T00:00:00Z", "X-Signature",
				sign("HmacSHA256", "hex", SECRET, "2026-01-01T00:00:00Z." + BODY));
		assertRejected(endpoint, malformed, Reason.INVALID_SIGNATURE);
	}

	@Test
	void readsTheDeliveryIdAndEventTypeWhereConfigured() {
		SignatureSettings settings = new SignatureSettings("X-Signature", "HmacSHA256", "hex", "", "{body}");
		Map<String, String> headers = Map.of("X-Signature", sign("HmacSHA256", "hex", SECRET, BODY), "X-Event",
				"created");
		assertThat(verify(endpoint(settings, null, "json:/id", "header:X-Event", SECRET), headers))
			.isEqualTo(new VerifiedDelivery("evt_1", "created", null));
		WebhookRejectedException ex = assertRejected(endpoint(settings, null, "json:/missing", "json:/type", SECRET),
				headers, Reason.MALFORMED);
		assertThat(ex).hasMessage("The delivery has no delivery id: the body has no string or integer at /missing");
		assertThat(verify(endpoint(settings, null, "json:/id", "header:X-Absent", SECRET), headers))
			.as("an authentic delivery without an event type is not refused")
			.isEqualTo(new VerifiedDelivery("evt_1", "", null));
	}

	@Test
	void readsFormFields() {
		String form = "MessageSid=SM1&EventType=created";
		SignatureSettings settings = new SignatureSettings("X-Signature", "HmacSHA256", "hex", "", "{body}");
		WebhookEndpoint endpoint = endpoint(settings, null, "form:MessageSid", "form:EventType", SECRET);
		this.provider.validate(endpoint);
		WebhookRequest request = new WebhookRequest(URL, headers(Map.of("X-Signature",
				sign("HmacSHA256", "hex", SECRET, form))), form.getBytes(StandardCharsets.UTF_8));
		assertThat(this.provider.verify(request, endpoint, CLOCK))
			.isEqualTo(new VerifiedDelivery("SM1", "created", null));
	}

	@Test
	void acceptsAnyOfSeveralSecrets() {
		SignatureSettings settings = new SignatureSettings("X-Signature", "HmacSHA256", "hex", "", "{body}");
		WebhookEndpoint endpoint = endpoint(settings, null, null, "json:/type", "new-secret", SECRET);
		assertThat(verify(endpoint, Map.of("X-Signature", sign("HmacSHA256", "hex", SECRET, BODY))).eventType())
			.isEqualTo("order.created");
	}

	@Test
	void rejectsAMissingSignatureAsMissingAndDetailsNeverContainTheSecret() {
		SignatureSettings settings = new SignatureSettings("X-Signature", "HmacSHA256", "hex", "", "{body}");
		WebhookEndpoint endpoint = endpoint(settings, null, null, "json:/type", SECRET);
		assertThat(assertRejected(endpoint, Map.of(), Reason.MISSING_SIGNATURE))
			.hasMessage("The X-Signature header is missing");
		String expected = sign("HmacSHA256", "hex", SECRET, BODY);
		WebhookRejectedException ex = assertRejected(endpoint, Map.of("X-Signature", "00" + expected.substring(2)),
				Reason.INVALID_SIGNATURE);
		assertThat(ex.getMessage()).doesNotContain(SECRET).doesNotContain(expected.substring(2));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidSettings")
	void validateExplainsEveryInvalidSetting(String description, WebhookEndpoint endpoint, String message) {
		assertThatIllegalStateException().isThrownBy(() -> this.provider.validate(endpoint))
			.withMessageContaining(message);
	}

	static Stream<Object[]> invalidSettings() {
		String prefix = "webhook.receiver.endpoints.custom.";
		return Stream.of(
				invalid("no secret", signature("{body}"), null, null, "json:/type", List.of(""),
						prefix + "secret to the secret the sender signs deliveries with"),
				invalid("no header", new SignatureSettings(null, "HmacSHA256", "hex", "", "{body}"), null, null,
						"json:/type", List.of(SECRET), prefix + "signature.header is not set: the 'hmac' provider "
								+ "needs the header that carries the signature. Configure it, for example:\nwebhook:\n  receiver:\n"
								+ "    endpoints:\n      custom:\n        provider: hmac\n"
								+ "        secret: ${CUSTOM_SECRET}\n        signature:\n"
								+ "          header: X-Signature\n"),
				invalid("invalid header", new SignatureSettings("X Signature", "HmacSHA256", "hex", "", "{body}"),
						null, null, "json:/type", List.of(SECRET),
						prefix + "signature.header 'X Signature' is not a header name"),
				invalid("unsupported algorithm", new SignatureSettings("X-Signature", "HmacMD5", "hex", "", "{body}"),
						null, null, "json:/type", List.of(SECRET), prefix + "signature.algorithm 'HmacMD5' is not "
								+ "supported. Use HmacSHA256, HmacSHA512 or HmacSHA1."),
				invalid("unsupported encoding",
						new SignatureSettings("X-Signature", "HmacSHA256", "base32", "", "{body}"), null, null,
						"json:/type", List.of(SECRET),
						prefix + "signature.encoding 'base32' is not supported. Use hex or base64."),
				invalid("unknown placeholder", signature("{ts}.{body}"), null, null, "json:/type", List.of(SECRET),
						prefix + "signature.signed-content '{ts}.{body}' has the unknown placeholder {ts}. Use {id}, "
								+ "{timestamp}, {url} and {body} with literal text between them, for example "
								+ "'signed-content: \"{timestamp}.{body}\"'."),
				invalid("unclosed placeholder", signature("{body"), null, null, "json:/type", List.of(SECRET),
						prefix + "signature.signed-content '{body' has a '{' without '}'"),
				invalid("stray brace", signature("}{body}"), null, null, "json:/type", List.of(SECRET),
						prefix + "signature.signed-content '}{body}' has a '}' without '{'"),
				invalid("no body", signature("{timestamp}"), "header:X-Timestamp", null, "json:/type", List.of(SECRET),
						prefix + "signature.signed-content '{timestamp}' does not contain {body}, so the body would "
								+ "not be verified"),
				invalid("timestamp placeholder without timestamp", signature("{timestamp}.{body}"), null, null,
						"json:/type", List.of(SECRET), prefix + "signature.signed-content contains {timestamp} but "
								+ prefix + "timestamp is not set. Set it to the header of the timestamp, for example "
								+ "'timestamp: header:X-Timestamp'."),
				invalid("unsigned timestamp", signature("{body}"), "header:X-Timestamp", null, "json:/type",
						List.of(SECRET), prefix + "timestamp is set but " + prefix + "signature.signed-content does "
								+ "not contain {timestamp}: a timestamp that is not signed does not protect against "
								+ "replays."),
				invalid("id placeholder without delivery id", signature("{id}.{body}"), null, null, "json:/type",
						List.of(SECRET), prefix + "signature.signed-content contains {id} but " + prefix
								+ "delivery-id is not a header. Set it to the header of the signed id, for example "
								+ "'delivery-id: header:X-Delivery-Id'."),
				invalid("id placeholder with a json delivery id", signature("{id}.{body}"), null, "json:/id",
						"json:/type", List.of(SECRET), prefix + "delivery-id is not a header"),
				invalid("no event type", signature("{body}"), null, null, null, List.of(SECRET),
						prefix + "event-type is not set: the 'hmac' provider reads each delivery's event type where it "
								+ "says. Use header:NAME, json:/pointer, xml:/pointer, form:NAME or fixed:VALUE, for "
								+ "example "
								+ "'event-type: header:X-Event-Type' or 'event-type: json:/type' or "
								+ "'event-type: form:EventType' or 'event-type: fixed:order.created'. If the sender "
								+ "sends one kind of event only, name it with 'event-type: fixed:NAME'."),
				invalid("invalid event type", signature("{body}"), null, null, "type", List.of(SECRET),
						"Invalid " + prefix + "event-type 'type'"),
				invalid("invalid delivery id", signature("{body}"), null, "fixed:1", "json:/type", List.of(SECRET),
						"Invalid " + prefix + "delivery-id 'fixed:1'"),
				invalid("invalid timestamp", signature("{timestamp}{body}"), "json:/ts", null, "json:/type",
						List.of(SECRET), "Invalid " + prefix + "timestamp 'json:/ts'"));
	}

	@Test
	void validateAcceptsTheDesignExample() {
		SignatureSettings settings = new SignatureSettings("X-Signature", "HmacSHA256", "hex", "sha256=",
				"{timestamp}.{body}");
		assertThatNoException().isThrownBy(() -> this.provider
			.validate(endpoint(settings, "header:X-Timestamp", "header:X-Delivery-Id", "json:/type", SECRET)));
	}

	/**
	 * Vectors of senders whose scheme the generic provider can express, configured as each
	 * sender signs, give the same verdict as the sender's own provider, the stricter one where
	 * the vectors mark a policy (Shopify's {@code shopify-*} header variant and Linear's body
	 * timestamp excepted).
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("emulatedVectors")
	void emulatesSendersThatItCanExpress(VectorCase vector) {
		SignatureSettings settings = switch (vector.scheme()) {
			case "github" -> new SignatureSettings("X-Hub-Signature-256", "HmacSHA256", "hex", "sha256=", "{body}");
			case "slack" -> new SignatureSettings("X-Slack-Signature", "HmacSHA256", "hex", "v0=",
					"v0:{timestamp}:{body}");
			case "zoom" -> new SignatureSettings("x-zm-signature", "HmacSHA256", "hex", "v0=", "v0:{timestamp}:{body}");
			case "shopify" -> new SignatureSettings("X-Shopify-Hmac-Sha256", "HmacSHA256", "base64", "", "{body}");
			case "square" -> new SignatureSettings("x-square-hmacsha256-signature", "HmacSHA256", "base64", "",
					"{url}{body}");
			case "linear" -> new SignatureSettings("Linear-Signature", "HmacSHA256", "hex", "", "{body}");
			default -> throw new IllegalArgumentException(vector.scheme());
		};
		String timestamp = switch (vector.scheme()) {
			case "slack" -> "header:X-Slack-Request-Timestamp";
			case "zoom" -> "header:x-zm-request-timestamp";
			default -> null;
		};
		WebhookEndpoint endpoint = new WebhookEndpoint(vector.scheme(), "/webhooks/" + vector.scheme(), "hmac",
				List.of(vector.secret()), Duration.ofMinutes(5), settings, timestamp, null, "fixed:test");
		this.provider.validate(endpoint);
		Long now = vector.nowEpochSeconds();
		Clock clock = Clock.fixed((now != null) ? Instant.ofEpochSecond(now) : Instant.EPOCH, ZoneOffset.UTC);
		String expected = vector.strictVerdict();
		if (expected.equals("valid")) {
			assertThat(this.provider.verify(vector.request(), endpoint, clock).deliveryId())
				.isEqualTo(vector.bodySha256Hex());
			return;
		}
		Reason reason = switch (expected) {
			case "missing_header" -> Reason.MISSING_SIGNATURE;
			case "stale_timestamp", "future_timestamp" -> Reason.STALE_TIMESTAMP;
			default -> Reason.INVALID_SIGNATURE;
		};
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> this.provider.verify(vector.request(), endpoint, clock));
		assertThat(ex).as("rejection").isNotNull();
		assertThat(ex.reason()).isEqualTo(reason);
	}

	static Stream<VectorCase> emulatedVectors() {
		Set<String> schemes = Set.of("github", "slack", "zoom", "shopify", "square", "linear");
		Set<String> excepted = Set.of("shopify-008", "linear-004");
		return VectorCase.load()
			.stream()
			.filter((vector) -> schemes.contains(vector.scheme()) && !excepted.contains(vector.id()));
	}

	private VerifiedDelivery verify(WebhookEndpoint endpoint, Map<String, String> headers) {
		this.provider.validate(endpoint);
		return this.provider.verify(new WebhookRequest(URL, headers(headers), BODY.getBytes(StandardCharsets.UTF_8)),
				endpoint, CLOCK);
	}

	private WebhookRejectedException assertRejected(WebhookEndpoint endpoint, Map<String, String> headers,
			Reason reason) {
		this.provider.validate(endpoint);
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> this.provider.verify(
						new WebhookRequest(URL, headers(headers), BODY.getBytes(StandardCharsets.UTF_8)), endpoint,
						CLOCK));
		assertThat(ex).as("rejection").isNotNull();
		assertThat(ex.reason()).isEqualTo(reason);
		return ex;
	}

	private static Object[] invalid(String description, SignatureSettings settings, @Nullable String timestamp,
			@Nullable String deliveryId, @Nullable String eventType, List<String> secrets, String message) {
		String[] secretArray = secrets.toArray(new String[0]);
		return new Object[] { description, endpoint(settings, timestamp, deliveryId, eventType, secretArray),
				message };
	}

	private static SignatureSettings signature(String signedContent) {
		return new SignatureSettings("X-Signature", "HmacSHA256", "hex", "", signedContent);
	}

	private static Map<String, String> with(Map<String, String> headers, String name, @Nullable String value) {
		Map<String, String> changed = new LinkedHashMap<>(headers);
		if (value != null) {
			changed.put(name, value);
		}
		else {
			changed.remove(name);
		}
		return changed;
	}

	private static HttpHeaders headers(Map<String, String> headers) {
		HttpHeaders httpHeaders = new HttpHeaders();
		headers.forEach(httpHeaders::add);
		return httpHeaders;
	}

	private static String sign(String algorithm, String encoding, String secret, String message) {
		byte[] hmac = TestSignatures.hmac(algorithm.replace("hmacsha", "HmacSHA"),
				secret.getBytes(StandardCharsets.UTF_8), message.getBytes(StandardCharsets.UTF_8));
		return encoding.equals("hex") ? HexFormat.of().formatHex(hmac) : Base64.getEncoder().encodeToString(hmac);
	}

	private static WebhookEndpoint endpoint(SignatureSettings signature, @Nullable String timestamp,
			@Nullable String deliveryId, @Nullable String eventType, String... secrets) {
		return new WebhookEndpoint("custom", "/webhooks/custom", "hmac", List.of(secrets), Duration.ofMinutes(5),
				signature, timestamp, deliveryId, eventType);
	}

}
