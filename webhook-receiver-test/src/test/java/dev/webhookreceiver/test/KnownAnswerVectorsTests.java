package dev.webhookreceiver.test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every signer reproduces, byte for byte, the signatures that the senders' own SDKs made for
 * the valid cases of the known-answer vectors ({@code vectors/vectors.json}, a copy of the
 * receiver's).
 */
class KnownAnswerVectorsTests {

	/** Valid cases that a signer cannot reproduce, and why. */
	private static final Map<String, String> NOT_REPRODUCIBLE = Map.of("github-009",
			"only the legacy X-Hub-Signature (SHA-1), which GitHub sends beside X-Hub-Signature-256",
			"stripe-002", "two v1 signatures, made during a rotation with two secrets",
			"stripe-003", "a v1 and a legacy v0 signature",
			"standard-webhooks-005", "a v1a signature of another key beside the v1 signature",
			"standard-webhooks-004", "two signatures, made during a rotation with two secrets",
			"standard-webhooks-020", "a v1 and a v1a signature, made with two keys",
			"twilio-002", "signed over the URL with :443, received without it",
			"twilio-003", "signed over the URL without its port, received with :1234",
			"twilio-006", "twilio-node drops repeated values before signing; every value is signed here");

	private static final Map<String, String> SIGNATURE_HEADERS = Map.ofEntries(
			Map.entry("github", "X-Hub-Signature-256"), Map.entry("stripe", "Stripe-Signature"),
			Map.entry("slack", "X-Slack-Signature"), Map.entry("shopify", "X-Shopify-Hmac-Sha256"),
			Map.entry("standard-webhooks", "webhook-signature"), Map.entry("svix", "svix-signature"),
			Map.entry("twilio", "X-Twilio-Signature"), Map.entry("gitlab", "X-Gitlab-Token"),
			Map.entry("paddle", "Paddle-Signature"), Map.entry("square", "X-Square-Hmacsha256-Signature"),
			Map.entry("linear", "Linear-Signature"), Map.entry("zoom", "x-zm-signature"),
			Map.entry("discord", "X-Signature-Ed25519"));

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	@ParameterizedTest(name = "{0}")
	@MethodSource("validCases")
	void signerReproducesTheSignatureOfTheSendersSdk(String id, JsonNode vector) {
		byte[] body = Base64.getDecoder().decode(vector.get("body_base64").asString());
		SignedDelivery delivery = signerFor(vector).body(body).sign();
		String scheme = vector.get("scheme").asString();
		assertThat(signatureHeader(delivery.headers(), scheme))
			.isEqualTo(signatureHeader(headersOf(vector), scheme))
			.isNotNull();
		assertThat(delivery.body()).isEqualTo(body);
	}

	@Test
	void everyProviderWithVectorsIsReproduced() {
		assertThat(validCases().map((arguments) -> ((JsonNode) arguments[1]).get("scheme").asString()).distinct())
			.containsExactlyInAnyOrderElementsOf(SIGNATURE_HEADERS.keySet());
	}

	@Test
	void hmacSignerConfiguredAsGitHubReproducesGitHubsVector() {
		JsonNode vector = vector("github-002");
		HmacSettings settings = HmacSettings.of(vector.get("secret").asString(), "X-Hub-Signature-256")
			.withPrefix("sha256=");
		SignedDelivery delivery = WebhookSigners.hmac(settings).body(bodyOf(vector)).sign();
		assertThat(delivery.headers().getFirst("X-Hub-Signature-256"))
			.isEqualTo(headersOf(vector).getFirst("X-Hub-Signature-256"));
	}

	@Test
	void hmacSignerConfiguredAsSlackReproducesSlacksVector() {
		JsonNode vector = vector("slack-002");
		HmacSettings settings = HmacSettings.of(vector.get("secret").asString(), "X-Slack-Signature")
			.withPrefix("v0=")
			.withSignedContent("v0:{timestamp}:{body}")
			.withTimestampHeader("X-Slack-Request-Timestamp");
		HttpHeaders expected = headersOf(vector);
		SignedDelivery delivery = WebhookSigners.hmac(settings)
			.timestamp(Instant.ofEpochSecond(Long.parseLong(expected.getFirst("X-Slack-Request-Timestamp"))))
			.body(bodyOf(vector))
			.sign();
		assertThat(delivery.headers().getFirst("X-Slack-Signature")).isEqualTo(expected.getFirst("X-Slack-Signature"));
	}

	@Test
	void hmacSignerConfiguredAsShopifyInBase64ReproducesShopifysVector() {
		JsonNode vector = vector("shopify-002");
		HmacSettings settings = HmacSettings.of(vector.get("secret").asString(), "X-Shopify-Hmac-Sha256")
			.withEncoding("base64");
		SignedDelivery delivery = WebhookSigners.hmac(settings).body(bodyOf(vector)).sign();
		assertThat(delivery.headers().getFirst("X-Shopify-Hmac-Sha256"))
			.isEqualTo(headersOf(vector).getFirst("X-Shopify-Hmac-Sha256"));
	}

	static Stream<Object[]> validCases() {
		return cases().filter((vector) -> vector.get("expected").asString().equals("valid"))
			.filter((vector) -> !NOT_REPRODUCIBLE.containsKey(vector.get("id").asString()))
			.map((vector) -> new Object[] { vector.get("id").asString(), vector });
	}

	private static WebhookSigner signerFor(JsonNode vector) {
		String secret = vector.get("secret").asString();
		String url = vector.get("url").asString();
		HttpHeaders headers = headersOf(vector);
		WebhookSigner signer = switch (vector.get("scheme").asString()) {
			case "github" -> WebhookSigners.github(secret);
			case "stripe" -> WebhookSigners.stripe(secret)
				.timestamp(epochSeconds(headers.getFirst("Stripe-Signature").split(",")[0].substring(2)));
			case "slack" -> WebhookSigners.slack(secret).timestamp(epochSeconds(headers.getFirst("X-Slack-Request-Timestamp")));
			case "shopify" -> WebhookSigners.shopify(secret);
			case "standard-webhooks" -> WebhookSigners.standardWebhooks(signingSecret(vector))
				.deliveryId(headers.getFirst("webhook-id"))
				.timestamp(epochSeconds(headers.getFirst("webhook-timestamp")));
			case "svix" -> WebhookSigners.svix(signingSecret(vector))
				.deliveryId(headers.getFirst("svix-id"))
				.timestamp(epochSeconds(headers.getFirst("svix-timestamp")));
			case "twilio" -> WebhookSigners.twilio(secret, url);
			case "gitlab" -> WebhookSigners.gitlab(secret);
			case "paddle" -> WebhookSigners.paddle(secret)
				.timestamp(epochSeconds(headers.getFirst("Paddle-Signature").split(";")[0].substring(3)));
			case "square" -> WebhookSigners.square(secret, url);
			case "linear" -> WebhookSigners.linear(secret);
			case "zoom" -> WebhookSigners.zoom(secret).timestamp(epochSeconds(headers.getFirst("x-zm-request-timestamp")));
			// The vectors' Discord key pair comes from a fixed seed (generate.mjs: seedBytes).
			case "discord" -> WebhookSigners.discord(Ed25519Keys.privateKey(sha256("discord-app-ed25519-seed/0")))
				.timestamp(epochSeconds(headers.getFirst("X-Signature-Timestamp")));
			default -> throw new IllegalArgumentException(vector.get("scheme").asString());
		};
		MediaType contentType = headers.getContentType();
		return (contentType != null) ? signer.contentType(contentType) : signer;
	}

	private static String signingSecret(JsonNode vector) {
		JsonNode signingSecret = vector.get("signing_secret");
		return (signingSecret != null) ? signingSecret.asString() : vector.get("secret").asString();
	}

	private static String signatureHeader(HttpHeaders headers, String scheme) {
		String name = SIGNATURE_HEADERS.get(scheme);
		String value = headers.getFirst(name);
		return (value != null || !name.startsWith("X-Shopify-")) ? value : headers.getFirst(name.substring(2));
	}

	private static HttpHeaders headersOf(JsonNode vector) {
		HttpHeaders headers = new HttpHeaders();
		vector.get("headers").properties().forEach((entry) -> headers.add(entry.getKey(), entry.getValue().asString()));
		return headers;
	}

	private static byte[] bodyOf(JsonNode vector) {
		return Base64.getDecoder().decode(vector.get("body_base64").asString());
	}

	private static Instant epochSeconds(String text) {
		return Instant.ofEpochSecond(Long.parseLong(text));
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode vector(String id) {
		return cases().filter((vector) -> vector.get("id").asString().equals(id)).findFirst().orElseThrow();
	}

	private static Stream<JsonNode> cases() {
		try (InputStream in = new ClassPathResource("vectors/vectors.json").getInputStream()) {
			List<JsonNode> cases = List.copyOf(jsonMapper.readTree(in).get("cases").valueStream().toList());
			return cases.stream().filter(Objects::nonNull);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
