package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
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
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link StandardWebhooksProvider}.
 */
class StandardWebhooksProviderTests {

	private static final byte[] KEY = "a 24-byte test HMAC key!".getBytes();

	private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);

	private static final String ID = "msg_2mVf3Y1pQ8rT6uW9xZ0aB4cD7eF";

	private static final long T = 1767225600;

	private static final String BODY = "{\"type\":\"invoice.paid\",\"data\":{}}";

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final StandardWebhooksProvider provider = new StandardWebhooksProvider(jsonMapper);

	@Test
	void nameIsStandardWebhooks() {
		assertThat(this.provider.name()).isEqualTo("standard-webhooks");
	}

	@Test
	void verifiesAndReadsTheTypeFromThePayload() {
		VerifiedDelivery delivery = verify(v1(KEY), SECRET);
		assertThat(delivery).isEqualTo(new VerifiedDelivery(ID, "invoice.paid", Instant.ofEpochSecond(T)));
	}

	@Test
	void acceptsASecondSecretDuringRotation() {
		String other = "whsec_" + Base64.getEncoder().encodeToString("another key of 24 bytes!".getBytes());
		assertThat(verify(v1(KEY), other, SECRET).deliveryId()).isEqualTo(ID);
	}

	@Test
	void acceptsASecretWithoutPrefix() {
		assertThat(verify(v1(KEY), SECRET.substring("whsec_".length())).deliveryId()).isEqualTo(ID);
	}

	@Test
	void acceptsAnyOfSeveralSignaturesAndSkipsOtherVersions() {
		String header = "v1,AAAA v2," + v1(KEY).substring(3) + "  v1a,AAAA " + v1(KEY);
		assertThat(verify(header, SECRET).deliveryId()).isEqualTo(ID);
	}

	@Test
	void svixVariantReadsSvixHeaders() {
		StandardWebhooksProvider svix = StandardWebhooksProvider.svix(jsonMapper);
		Map<String, String> headers = Map.of("svix-id", ID, "svix-timestamp", String.valueOf(T), "svix-signature",
				v1(KEY));
		assertThat(svix.name()).isEqualTo("svix");
		assertThat(svix.verify(TestSignatures.request(headers, BODY), endpoint(SECRET), clockAt(T)).deliveryId())
			.isEqualTo(ID);
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> svix.verify(request(v1(KEY)), endpoint(SECRET), clockAt(T)));
		assertThat(ex.reason()).isEqualTo(Reason.MISSING_SIGNATURE);
		assertThat(ex).hasMessage("The svix-id header is missing");
	}

	@Test
	void rejectsMoreThanTenSignaturesEvenIfOneMatches() {
		String header = "v1,AAAA ".repeat(10) + v1(KEY);
		WebhookRejectedException ex = assertRejected(request(header), Reason.INVALID_SIGNATURE);
		assertThat(ex).hasMessage("The webhook-signature header carries more than 10 signatures");
	}

	@Test
	void rejectsAnOversizedHeader() {
		String header = v1(KEY) + " ".repeat(SignatureHeader.MAX_LENGTH);
		WebhookRejectedException ex = assertRejected(request(header), Reason.INVALID_SIGNATURE);
		assertThat(ex).hasMessage("The webhook-signature header is longer than 4096 characters");
	}

	@ParameterizedTest
	@ValueSource(strings = { "v1,", "v1,***", "v1,AP8=A", "v1", "v1;abc", ",",
			"g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=" })
	void rejectsMalformedSignaturesWithAReason(String header) {
		assertRejected(request(header), Reason.INVALID_SIGNATURE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "webhook-id", "webhook-timestamp", "webhook-signature" })
	void rejectsAMissingSignedHeaderAsMissing(String name) {
		Map<String, String> headers = headers(v1(KEY));
		headers.remove(name);
		assertRejected(TestSignatures.request(headers, BODY), Reason.MISSING_SIGNATURE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "01767225600", "1767225600.0", "-1", "now" })
	void rejectsATimestampThatIsNotCanonicalSeconds(String timestamp) {
		Map<String, String> headers = headers(v1(KEY));
		headers.put("webhook-timestamp", timestamp);
		assertRejected(TestSignatures.request(headers, BODY), Reason.INVALID_SIGNATURE);
	}

	@Test
	void rejectsAFutureTimestamp() {
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> this.provider.verify(request(v1(KEY)), endpoint(SECRET), clockAt(T - 301)));
		assertThat(ex.reason()).isEqualTo(Reason.STALE_TIMESTAMP);
		assertThat(ex).hasMessage("The timestamp is 301 s in the future, tolerance is 300 s");
	}

	@Test
	void givesAnAuthenticPayloadWithoutTypeTheEmptyEventType() {
		String body = "{\"test\": 2432232314}";
		Map<String, String> headers = headers(TestSignatures.hmacSha256Base64(KEY, ID + "." + T + "." + body));
		headers.put("webhook-signature", "v1," + headers.get("webhook-signature"));
		assertThat(this.provider.verify(TestSignatures.request(headers, body), endpoint(SECRET), clockAt(T)))
			.isEqualTo(new VerifiedDelivery(ID, "", Instant.ofEpochSecond(T)));
	}

	@Test
	void readsTheDeliveryIdAndEventTypeWhereTheEndpointSays() {
		String body = "{\"event\":{\"name\":\"order.paid\",\"id\":42}}";
		Map<String, String> headers = headers("v1," + TestSignatures.hmacSha256Base64(KEY, ID + "." + T + "." + body));
		WebhookEndpoint endpoint = TestSignatures.overriding(endpoint(SECRET), "json:/event/id", "json:/event/name");
		this.provider.validate(endpoint);
		assertThat(this.provider.verify(TestSignatures.request(headers, body), endpoint, clockAt(T)))
			.isEqualTo(new VerifiedDelivery("42", "order.paid", Instant.ofEpochSecond(T)));
	}

	@Test
	void detailsNeverContainTheSecretOrTheExpectedSignature() {
		String expected = v1(KEY).substring(3);
		String wrongKey = v1("a different 24-byte key!".getBytes());
		for (String header : List.of(wrongKey, "v1,***", "v1,AAAA ".repeat(11))) {
			WebhookRejectedException ex = assertRejected(request(header), Reason.INVALID_SIGNATURE);
			assertThat(ex.getMessage()).doesNotContain(SECRET)
				.doesNotContain(SECRET.substring(6))
				.doesNotContain(expected);
		}
	}

	@Test
	void validateAcceptsSecretsWithAndWithoutPrefix() {
		assertThatNoException()
			.isThrownBy(() -> this.provider.validate(endpoint(SECRET, SECRET.substring(6), "")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "whsec_not base64!", "whsec_====", "whsec_***" })
	void validateRejectsASecretThatIsNotBase64WithoutEchoingIt(String secret) {
		assertThatIllegalStateException().isThrownBy(() -> this.provider.validate(endpoint(secret)))
			.withMessageContaining("webhook.receiver.endpoints.standard-webhooks.secret")
			.withMessageContaining("Base64")
			.withMessageNotContaining(secret);
	}

	@Test
	void validateRejectsAnEmptyKey() {
		assertThatIllegalStateException().isThrownBy(() -> this.provider.validate(endpoint("whsec_")))
			.withMessageContaining("webhook.receiver.endpoints.standard-webhooks.secret");
	}

	@Test
	void verifiesAnEd25519SignatureWithAPublicKey() {
		Ed25519Pair pair = Ed25519Pair.generate();
		assertThat(verify(pair.v1a(ID + "." + T + "." + BODY), pair.publicKeySecret()))
			.isEqualTo(new VerifiedDelivery(ID, "invoice.paid", Instant.ofEpochSecond(T)));
	}

	@Test
	void eachSecretChecksOnlyTheEntriesOfItsVersion() {
		Ed25519Pair pair = Ed25519Pair.generate();
		String v1a = pair.v1a(ID + "." + T + "." + BODY);
		assertRejected(request(v1a), Reason.INVALID_SIGNATURE);
		assertThat(verify("v1,AAAA " + v1a, SECRET, pair.publicKeySecret()).deliveryId()).isEqualTo(ID);
		assertThat(verify(v1a + " " + v1(KEY), pair.publicKeySecret(), SECRET).deliveryId()).isEqualTo(ID);
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> verify(v1(KEY), pair.publicKeySecret()));
		assertThat(ex.reason()).isEqualTo(Reason.INVALID_SIGNATURE);
	}

	@Test
	void rejectsAnEd25519SignatureOfAnotherKeyOrMessage() {
		Ed25519Pair pair = Ed25519Pair.generate();
		for (String header : List.of(Ed25519Pair.generate().v1a(ID + "." + T + "." + BODY),
				pair.v1a(ID + "." + (T + 1) + "." + BODY), "v1a,AAAA", "v1a,***")) {
			WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
					() -> verify(header, pair.publicKeySecret()));
			assertThat(ex.reason()).isEqualTo(Reason.INVALID_SIGNATURE);
		}
	}

	@Test
	void validateAcceptsAPublicKey() {
		assertThatNoException()
			.isThrownBy(() -> this.provider.validate(endpoint(Ed25519Pair.generate().publicKeySecret(), SECRET)));
	}

	@Test
	void validateRejectsAPrivateSigningKeyWithoutEchoingIt() {
		String signingKey = "whsk_6Xb/dCcHpPea21PS1N9VY/NZW723CEc77N4rJCubMbfVKIDij2HKpMKkioLlX0dRqSKJp4AJ6p9lM"
				+ "icMFs6Kvg==";
		assertThatIllegalStateException().isThrownBy(() -> this.provider.validate(endpoint(signingKey)))
			.withMessageContaining("webhook.receiver.endpoints.standard-webhooks.secret")
			.withMessageContaining("private signing key")
			.withMessageContaining("whpk_")
			.withMessageNotContaining(signingKey.substring(5));
	}

	@ParameterizedTest
	@ValueSource(strings = { "whpk_", "whpk_AAAA", "whpk_***",
			"whpk_1SiA4o9hyqTCpIqC5V9HUakiiaeACeqfZTInDBbOir4A" })
	void validateRejectsAPublicKeyThatIsNot32BytesOfBase64(String secret) {
		assertThatIllegalStateException().isThrownBy(() -> this.provider.validate(endpoint(secret)))
			.withMessageContaining("webhook.receiver.endpoints.standard-webhooks.secret")
			.withMessageContaining("32-byte Ed25519 public key");
	}

	private VerifiedDelivery verify(String header, String... secrets) {
		return this.provider.verify(request(header), endpoint(secrets), clockAt(T + 42));
	}

	private WebhookRejectedException assertRejected(WebhookRequest request, Reason reason) {
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> this.provider.verify(request, endpoint(SECRET), clockAt(T + 42)));
		assertThat(ex).as("rejection").isNotNull();
		assertThat(ex.reason()).isEqualTo(reason);
		return ex;
	}

	private static WebhookRequest request(String signature) {
		return TestSignatures.request(headers(signature), BODY);
	}

	private static Map<String, String> headers(String signature) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("webhook-id", ID);
		headers.put("webhook-timestamp", String.valueOf(T));
		headers.put("webhook-signature", signature);
		return headers;
	}

	private static String v1(byte[] key) {
		return "v1," + TestSignatures.hmacSha256Base64(key, ID + "." + T + "." + BODY);
	}

	private static Clock clockAt(long epochSeconds) {
		return Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
	}

	private static WebhookEndpoint endpoint(String... secrets) {
		return new WebhookEndpoint("standard-webhooks", "/webhooks/standard-webhooks", "standard-webhooks",
				List.of(secrets), Duration.ofMinutes(5));
	}

	/**
	 * An Ed25519 key pair made with the JDK, independently of the code under test.
	 */
	private record Ed25519Pair(KeyPair keyPair) {

		static Ed25519Pair generate() {
			try {
				return new Ed25519Pair(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

		String publicKeySecret() {
			byte[] encoded = this.keyPair.getPublic().getEncoded();
			byte[] raw = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
			return "whpk_" + Base64.getEncoder().encodeToString(raw);
		}

		String v1a(String message) {
			try {
				Signature signature = Signature.getInstance("Ed25519");
				signature.initSign(this.keyPair.getPrivate());
				signature.update(message.getBytes(StandardCharsets.UTF_8));
				return "v1a," + Base64.getEncoder().encodeToString(signature.sign());
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
