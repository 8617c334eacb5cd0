package dev.webhookreceiver.web;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.webhookreceiver.test.Ed25519Keys;
import dev.webhookreceiver.test.HmacSettings;
import dev.webhookreceiver.test.SignedDelivery;
import dev.webhookreceiver.test.WebhookRequests;
import dev.webhookreceiver.test.WebhookSigner;
import dev.webhookreceiver.test.WebhookSigners;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every signer of {@code webhook-receiver-test} makes deliveries that the matching built-in
 * provider accepts, through the whole receiver over MockMvc, Ed25519 included (Discord and
 * Standard Webhooks {@code v1a}, with generated key pairs); and its negative cases (wrong
 * secret, old timestamp, tampered body) are refused. The signers' own tests check them
 * against the senders' known-answer vectors, so neither side is checked only against the
 * other.
 */
@SpringBootTest(classes = SignedDeliveriesRoundTripTests.SignedDeliveriesApplication.class,
		properties = { ReceiverTestApplication.PROPERTIES,
				"spring.datasource.url=jdbc:h2:mem:signed-deliveries;DB_CLOSE_DELAY=-1" })
@AutoConfigureMockMvc
class SignedDeliveriesRoundTripTests {

	private static final KeyPair discordKeys = Ed25519Keys.generate();

	private static final KeyPair standardWebhooksKeys = Ed25519Keys.generate();

	private static final String MOCK_MVC_URL = "http://localhost";

	private static final Map<String, String> PROVIDERS = Map.ofEntries(Map.entry("github", "github-secret"),
			Map.entry("stripe", "whsec_stripe_secret"), Map.entry("slack", "8f742231b10e8888abcd99yyyzzz85a5"),
			Map.entry("shopify", "shopify-client-secret"),
			Map.entry("standard-webhooks", "whsec_c3RhbmRhcmQtd2ViaG9va3Mtc2VjcmV0LTAwMDA="),
			Map.entry("svix", "whsec_c3ZpeC1zZWNyZXQtMDAwMDAwMDAwMDAwMDAwMDA="), Map.entry("twilio", "twilio-auth-token"),
			Map.entry("gitlab", "gitlab-token"), Map.entry("paddle", "pdl_ntfset_secret"),
			Map.entry("square", "square-signature-key"), Map.entry("linear", "lin_wh_secret"),
			Map.entry("zoom", "zoom-secret-token"));

	private static final HmacSettings HMAC = HmacSettings.of("hmac-secret", "X-Signature")
		.withPrefix("sha256=")
		.withSignedContent("{id}.{timestamp}.{body}")
		.withTimestampHeader("X-Timestamp")
		.withDeliveryIdHeader("X-Delivery-Id");

	@Autowired
	private MockMvc mvc;

	@DynamicPropertySource
	static void oneEndpointPerProvider(DynamicPropertyRegistry registry) {
		PROVIDERS.forEach((provider, secret) -> endpoint(registry, provider, provider, secret));
		endpoint(registry, "discord", "discord", Ed25519Keys.publicKeyHex(discordKeys));
		endpoint(registry, "standard-webhooks-v1a", "standard-webhooks",
				Ed25519Keys.standardWebhooksPublicKey(standardWebhooksKeys));
		endpoint(registry, "hmac", "hmac", HMAC.secret());
		String hmac = "webhook.receiver.endpoints.hmac.";
		registry.add(hmac + "signature.header", HMAC::header);
		registry.add(hmac + "signature.prefix", HMAC::prefix);
		registry.add(hmac + "signature.signed-content", HMAC::signedContent);
		registry.add(hmac + "timestamp", () -> "header:X-Timestamp");
		registry.add(hmac + "delivery-id", () -> "header:X-Delivery-Id");
		registry.add(hmac + "event-type", () -> "json:/type");
	}

	private static void endpoint(DynamicPropertyRegistry registry, String name, String provider, String secret) {
		registry.add("webhook.receiver.endpoints." + name + ".provider", () -> provider);
		registry.add("webhook.receiver.endpoints." + name + ".secret", () -> secret);
	}

	static Stream<Arguments> signers() {
		return Stream.of(Arguments.of("github", WebhookSigners.github(secret("github"))),
				Arguments.of("stripe", WebhookSigners.stripe(secret("stripe"))),
				Arguments.of("slack", WebhookSigners.slack(secret("slack"))),
				Arguments.of("shopify", WebhookSigners.shopify(secret("shopify"))),
				Arguments.of("standard-webhooks", WebhookSigners.standardWebhooks(secret("standard-webhooks"))),
				Arguments.of("standard-webhooks-v1a",
						WebhookSigners.standardWebhooks(Ed25519Keys.standardWebhooksSigningSecret(standardWebhooksKeys))),
				Arguments.of("svix", WebhookSigners.svix(secret("svix"))),
				Arguments.of("twilio", WebhookSigners.twilio(secret("twilio"), MOCK_MVC_URL + "/webhooks/twilio")),
				Arguments.of("gitlab", WebhookSigners.gitlab(secret("gitlab"))),
				Arguments.of("paddle", WebhookSigners.paddle(secret("paddle"))),
				Arguments.of("square", WebhookSigners.square(secret("square"), MOCK_MVC_URL + "/webhooks/square")),
				Arguments.of("linear", WebhookSigners.linear(secret("linear"))),
				Arguments.of("zoom", WebhookSigners.zoom(secret("zoom"))),
				Arguments.of("discord", WebhookSigners.discord(discordKeys.getPrivate())),
				Arguments.of("hmac", WebhookSigners.hmac(HMAC)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("signers")
	void signedDeliveryIsProcessedThenDuplicate(String endpoint, WebhookSigner signer) throws Exception {
		SignedDelivery delivery = signer.sign();
		this.mvc.perform(post(endpoint, delivery))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("processed"));
		this.mvc.perform(post(endpoint, delivery))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("duplicate"));
	}

	static Stream<Arguments> bodySigners() {
		// GitLab sends its secret token, and signs no body.
		return signers().filter((arguments) -> !arguments.get()[0].equals("gitlab"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("bodySigners")
	void tamperedBodyIsRefused(String endpoint, WebhookSigner signer) throws Exception {
		SignedDelivery delivery = signer.sign();
		SignedDelivery tampered = delivery.withBody(delivery.bodyAsString().replaceFirst(".$", " }"));
		this.mvc.perform(post(endpoint, tampered)).andExpect(status().isUnauthorized());
	}

	static Stream<Arguments> signersWithAnotherSecret() {
		KeyPair otherKeys = Ed25519Keys.generate();
		return Stream.of(Arguments.of("github", WebhookSigners.github("other")),
				Arguments.of("stripe", WebhookSigners.stripe("whsec_other")),
				Arguments.of("slack", WebhookSigners.slack("other")),
				Arguments.of("shopify", WebhookSigners.shopify("other")),
				Arguments.of("standard-webhooks", WebhookSigners.standardWebhooks("whsec_b3RoZXItc2VjcmV0LTAwMDAwMDAwMDA=")),
				Arguments.of("standard-webhooks-v1a",
						WebhookSigners.standardWebhooks(Ed25519Keys.standardWebhooksSigningSecret(otherKeys))),
				Arguments.of("svix", WebhookSigners.svix("whsec_b3RoZXItc2VjcmV0LTAwMDAwMDAwMDA=")),
				Arguments.of("twilio", WebhookSigners.twilio("other", MOCK_MVC_URL + "/webhooks/twilio")),
				Arguments.of("gitlab", WebhookSigners.gitlab("other")),
				Arguments.of("paddle", WebhookSigners.paddle("other")),
				Arguments.of("square", WebhookSigners.square("other", MOCK_MVC_URL + "/webhooks/square")),
				Arguments.of("linear", WebhookSigners.linear("other")),
				Arguments.of("zoom", WebhookSigners.zoom("other")),
				Arguments.of("discord", WebhookSigners.discord(otherKeys.getPrivate())),
				Arguments.of("hmac", WebhookSigners.hmac(HmacSettings.of("other", HMAC.header())
					.withPrefix("sha256=")
					.withSignedContent("{id}.{timestamp}.{body}")
					.withTimestampHeader("X-Timestamp")
					.withDeliveryIdHeader("X-Delivery-Id"))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("signersWithAnotherSecret")
	void deliverySignedWithAnotherSecretIsRefusedAsAnInvalidSignature(String endpoint, WebhookSigner signer)
			throws Exception {
		this.mvc.perform(post(endpoint, signer.sign()))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.type").value("urn:webhook-receiver:problem:invalid-signature"));
	}

	static Stream<Arguments> timestampedSigners() {
		// These providers send no timestamp; their signers refuse to set one.
		return signers().filter((arguments) -> !List.of("github", "shopify", "twilio", "gitlab", "square")
			.contains(arguments.get()[0]));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("timestampedSigners")
	void deliverySignedLongAgoOrAheadIsRefusedAsAStaleTimestamp(String endpoint, WebhookSigner signer)
			throws Exception {
		for (Duration offset : List.of(Duration.ofMinutes(-10), Duration.ofMinutes(10))) {
			this.mvc.perform(post(endpoint, signer.timestamp(Instant.now().plus(offset)).sign()))
				.andExpect(status().isUnauthorized())
				.andExpect(jsonPath("$.type").value("urn:webhook-receiver:problem:stale-timestamp"));
		}
	}

	@Test
	void deliverySignedWithTheWrongSecretIsRefused() throws Exception {
		SignedDelivery delivery = WebhookSigners.github("not-the-secret").sign();
		this.mvc.perform(WebhookRequests.post("/webhooks/github", delivery))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.type").value("urn:webhook-receiver:problem:invalid-signature"));
	}

	@Test
	void deliverySignedWithTheWrongKeyIsRefused() throws Exception {
		SignedDelivery delivery = WebhookSigners.discord(Ed25519Keys.generate().getPrivate()).sign();
		this.mvc.perform(WebhookRequests.post("/webhooks/discord", delivery)).andExpect(status().isUnauthorized());
	}

	@Test
	void deliveryWithAnOldTimestampIsRefused() throws Exception {
		SignedDelivery delivery = WebhookSigners.stripe(secret("stripe"))
			.timestamp(Instant.now().minus(Duration.ofMinutes(10)))
			.sign();
		this.mvc.perform(WebhookRequests.post("/webhooks/stripe", delivery))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.type").value("urn:webhook-receiver:problem:stale-timestamp"));
	}

	@Test
	void deliveryWithAFutureTimestampIsRefused() throws Exception {
		SignedDelivery delivery = WebhookSigners.standardWebhooks(secret("standard-webhooks"))
			.timestamp(Instant.now().plus(Duration.ofMinutes(10)))
			.sign();
		this.mvc.perform(WebhookRequests.post("/webhooks/standard-webhooks", delivery))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.type").value("urn:webhook-receiver:problem:stale-timestamp"));
	}

	@Test
	void twilioJsonDeliveryIsSignedForTheUrlWithItsBodyHash() throws Exception {
		SignedDelivery delivery = WebhookSigners.twilio(secret("twilio"), MOCK_MVC_URL + "/webhooks/twilio")
			.body("{\"EventType\":\"onMessageAdded\"}")
			.sign();
		this.mvc.perform(WebhookRequests.post(delivery))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("processed"));
	}

	@Test
	void twilioFormParametersAreSigned() throws Exception {
		SignedDelivery delivery = WebhookSigners.twilio(secret("twilio"), MOCK_MVC_URL + "/webhooks/twilio")
			.formParameter("CallSid", "CA123")
			.formParameter("CallStatus", "ringing")
			.formParameter("Caller", "+1 415 555 0100 & co")
			.sign();
		this.mvc.perform(WebhookRequests.post(delivery))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("processed"));
	}

	private static MockHttpServletRequestBuilder post(String endpoint, SignedDelivery delivery) {
		return (delivery.url() != null) ? WebhookRequests.post(delivery)
				: WebhookRequests.post("/webhooks/" + endpoint, delivery);
	}

	private static String secret(String provider) {
		return PROVIDERS.get(provider);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(RecordingHandler.class)
	static class SignedDeliveriesApplication {

	}

}
