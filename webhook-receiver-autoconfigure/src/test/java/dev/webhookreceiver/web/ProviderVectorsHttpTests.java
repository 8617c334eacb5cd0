package dev.webhookreceiver.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.webhookreceiver.verify.VectorCase;
import dev.webhookreceiver.verify.VerifiedDelivery;
import dev.webhookreceiver.verify.WebhookRejectedException;
import dev.webhookreceiver.verify.WebhookRejectedException.Reason;
import dev.webhookreceiver.web.RecordingHandler.Call;
import dev.webhookreceiver.web.VectorEndpoints.Endpoint;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.NestedTestConfiguration;
import org.springframework.test.context.NestedTestConfiguration.EnclosingConfiguration;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Sends every known-answer vector of every scheme with a built-in provider through the whole
 * receiver (MockMvc, a real Spring Boot context, H2), with the vector's exact body bytes,
 * headers and, for schemes that sign it, URL, on a clock set to the vector's time.
 * <p>
 * Where the providers' docs and SDKs disagree ({@code policy_dependent}), the stricter verdict
 * is expected, as in {@code ProviderVectorsTests}. A valid vector for which the vectors name no
 * delivery id or event type gets the answer its provider gives on its own: {@code 400
 * malformed}, or {@code 200} with the id the provider falls back to (Slack's body hash).
 */
@SpringBootTest(classes = VectorReceiverApplication.class)
@ContextConfiguration(initializers = VectorEndpoints.RightSecrets.class)
@AutoConfigureMockMvc
class ProviderVectorsHttpTests {

	private static final Map<String, String> PROBLEM_BY_VERDICT = Map.of("invalid_signature", "invalid-signature",
			"malformed_header", "invalid-signature", "invalid_body_hash", "invalid-signature", "missing_header",
			"missing-signature", "stale_timestamp", "stale-timestamp", "future_timestamp", "stale-timestamp");

	private static final Map<String, String> SIGNATURE_HEADERS = Map.ofEntries(
			Map.entry("github", "X-Hub-Signature-256"), Map.entry("stripe", "Stripe-Signature"),
			Map.entry("slack", "X-Slack-Signature"), Map.entry("shopify", "X-Shopify-Hmac-Sha256"),
			Map.entry("standard-webhooks", "webhook-signature"), Map.entry("svix", "svix-signature"),
			Map.entry("twilio", "X-Twilio-Signature"), Map.entry("gitlab", "X-Gitlab-Token"),
			Map.entry("paddle", "Paddle-Signature"), Map.entry("square", "x-square-hmacsha256-signature"),
			Map.entry("linear", "Linear-Signature"), Map.entry("zoom", "x-zm-signature"),
			Map.entry("discord", "X-Signature-Ed25519"));

	private static final Set<String> TIMESTAMPED_SCHEMES = Set.of("stripe", "slack", "standard-webhooks", "svix",
			"paddle", "linear", "zoom", "discord");

	@Autowired
	private VectorReceiver receiver;

	@Autowired
	private WebhookEndpoints endpoints;

	@Autowired
	private RecordingHandler handler;

	@BeforeEach
	void reset() {
		this.receiver.reset();
	}

	static Stream<VectorCase> deliveries() {
		return VectorEndpoints.cases()
			.stream()
			.filter(VectorEndpoints::servedWithRightSecrets)
			.filter((vector) -> !isHandshake(vector));
	}

	static Stream<VectorCase> handshakes() {
		return VectorEndpoints.cases()
			.stream()
			.filter(VectorEndpoints::servedWithRightSecrets)
			.filter(ProviderVectorsHttpTests::isHandshake);
	}

	static Stream<String> schemes() {
		return VectorEndpoints.schemes().stream();
	}

	static Stream<String> timestampedSchemes() {
		return schemes().filter(TIMESTAMPED_SCHEMES::contains);
	}

	@Test
	void coversEverySchemeWithABuiltInProviderAndAValidDelivery() {
		assertThat(VectorEndpoints.schemes()).containsAll(VectorEndpoints.SCHEMES_AT_LEAST)
			.allSatisfy((scheme) -> assertThat(representative(scheme)).as("a valid delivery of " + scheme)
				.isNotNull());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("deliveries")
	void answersEachVectorAsItsVerdictSays(VectorCase vector) throws Exception {
		String verdict = verdict(vector);
		if (!verdict.equals("valid")) {
			String problem = PROBLEM_BY_VERDICT.get(verdict);
			assertThat(problem).as("problem type of verdict " + verdict).isNotNull();
			VectorReceiver.expectProblem(this.receiver.send(vector), 401, problem);
			this.receiver.assertNothingRecorded(vector.id());
			return;
		}
		Endpoint endpoint = VectorEndpoints.endpointOf(vector);
		VerifiedDelivery delivery = verifiedByTheProvider(vector);
		if (delivery == null) {
			VectorReceiver.expectProblem(this.receiver.send(vector), 400, "malformed");
			this.receiver.assertNothingRecorded(vector.id());
			return;
		}
		this.receiver.send(vector)
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("processed"))
			.andExpect(jsonPath("$.deliveryId").value(delivery.deliveryId()));
		this.receiver.send(vector)
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("duplicate"))
			.andExpect(jsonPath("$.deliveryId").value(delivery.deliveryId()));
		assertThat(this.handler.calls)
			.containsExactly(new Call(endpoint.name(), delivery.deliveryId(), delivery.eventType()));
		assertThat(this.receiver.rows()).isOne();
		assertThat(this.receiver.statusOf(endpoint.name(), delivery.deliveryId())).isEqualTo("PROCESSED");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("schemes")
	void refusesATamperedBody(String scheme) throws Exception {
		VectorCase vector = representative(scheme);
		assertThat(vector).as("a valid vector of " + scheme).isNotNull();
		if (scheme.equals("gitlab")) {
			// GitLab does not sign the body: its token is the only thing to tamper with.
			Map<String, String> headers = new LinkedHashMap<>(vector.headers());
			headers.computeIfPresent("X-Gitlab-Token", (name, token) -> token + "x");
			VectorReceiver.expectProblem(this.receiver.send(vector, VectorReceiver.body(vector), headers), 401,
					"invalid-signature");
		}
		else {
			byte[] body = VectorReceiver.body(vector);
			byte[] tampered = new byte[body.length + 1];
			System.arraycopy(body, 0, tampered, 0, body.length);
			tampered[body.length] = ' ';
			VectorReceiver.expectProblem(this.receiver.send(vector, tampered, vector.headers()), 401,
					"invalid-signature");
		}
		this.receiver.assertNothingRecorded(vector.id() + " tampered");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("schemes")
	void refusesAValidDeliveryWithoutItsSignatureHeader(String scheme) throws Exception {
		VectorCase vector = representative(scheme);
		String signatureHeader = SIGNATURE_HEADERS.get(scheme);
		assertThat(signatureHeader).as("the signature header of " + scheme).isNotNull();
		Map<String, String> headers = new LinkedHashMap<>(vector.headers());
		assertThat(headers.keySet().removeIf(signatureHeader::equalsIgnoreCase)).as(signatureHeader).isTrue();
		VectorReceiver.expectProblem(this.receiver.send(vector, VectorReceiver.body(vector), headers), 401,
				"missing-signature");
		this.receiver.assertNothingRecorded(vector.id() + " without " + signatureHeader);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("timestampedSchemes")
	void refusesAValidDeliveryFromOutsideTheToleranceInEitherDirection(String scheme) throws Exception {
		VectorCase vector = representative(scheme);
		Duration tolerance = this.endpoints.byName(VectorEndpoints.endpointOf(vector).name()).settings().tolerance();
		Duration beyond = tolerance.plusHours(1);
		Instant verifiedAt = VectorReceiver.now(vector);
		VectorReceiver.expectProblem(this.receiver.sendAt(verifiedAt.plus(beyond), vector), 401, "stale-timestamp");
		VectorReceiver.expectProblem(this.receiver.sendAt(verifiedAt.minus(beyond), vector), 401, "stale-timestamp");
		this.receiver.assertNothingRecorded(vector.id() + " outside the tolerance");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("handshakes")
	void answersHandshakesWithoutRecordingOrDispatching(VectorCase vector) throws Exception {
		for (int time = 0; time < 2; time++) {
			ResultActions answer = this.receiver.send(vector).andExpect(status().isOk());
			Object challenge = vector.extracted("challenge");
			if (challenge != null) {
				assertThat(answer.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8))
					.contains((String) challenge);
			}
			Object encryptedToken = vector.extracted("expected_encrypted_token");
			if (encryptedToken != null) {
				answer.andExpect(jsonPath("$.plainToken").value(vector.extracted("plain_token")))
					.andExpect(jsonPath("$.encryptedToken").value(encryptedToken));
			}
			if (vector.scheme().equals("discord")) {
				answer.andExpect(jsonPath("$.type").value(1));
			}
			this.receiver.assertNothingRecorded(vector.id() + " handshake");
		}
	}

	/**
	 * What the endpoint's provider makes of a valid vector on its own: the delivery, or
	 * {@code null} if it lacks a delivery id or event type, which only a vector that names
	 * neither may.
	 */
	private @Nullable VerifiedDelivery verifiedByTheProvider(VectorCase vector) {
		ReceivingEndpoint endpoint = this.endpoints.byPath(VectorEndpoints.endpointOf(vector).path());
		assertThat(endpoint).isNotNull();
		WebhookRejectedException rejection = catchThrowableOfType(WebhookRejectedException.class,
				() -> endpoint.provider().verify(vector.request(), endpoint.settings(), VectorReceiver.clockOf(vector)));
		if (rejection == null) {
			VerifiedDelivery delivery = endpoint.provider()
				.verify(vector.request(), endpoint.settings(), VectorReceiver.clockOf(vector));
			if (vector.deliveryId() != null) {
				assertThat(delivery.deliveryId()).isEqualTo(vector.deliveryId());
			}
			return delivery;
		}
		assertThat(rejection.reason()).as(rejection.getMessage()).isEqualTo(Reason.MALFORMED);
		assertThat(vector.deliveryId() == null || vector.eventType() == null)
			.as("the vectors name a delivery id and an event type, yet the provider finds none")
			.isTrue();
		return null;
	}

	/**
	 * The verdict under this project's default: the stricter reading where docs and SDKs
	 * disagree.
	 */
	static String verdict(VectorCase vector) {
		if (!vector.policyDependent()) {
			return vector.expected();
		}
		String alternative = vector.alternativeExpected();
		return (vector.expected().equals("valid") && alternative != null) ? alternative : vector.expected();
	}

	/**
	 * Whether a vector is a sender's handshake rather than a delivery: Slack's
	 * {@code url_verification}, Zoom's {@code endpoint.url_validation}, Discord's PING.
	 */
	static boolean isHandshake(VectorCase vector) {
		return vector.extracted("challenge") != null || vector.extracted("expected_encrypted_token") != null
				|| (vector.scheme().equals("discord") && "1".equals(vector.eventType()));
	}

	/**
	 * The first valid delivery of a scheme, preferably one for which the vectors name the
	 * delivery id and the event type.
	 */
	static @Nullable VectorCase representative(String scheme) {
		List<VectorCase> valid = VectorEndpoints.cases()
			.stream()
			.filter((vector) -> vector.scheme().equals(scheme) && VectorEndpoints.servedWithRightSecrets(vector))
			.filter((vector) -> verdict(vector).equals("valid") && !isHandshake(vector))
			.toList();
		return valid.stream()
			.filter((vector) -> vector.deliveryId() != null && vector.eventType() != null)
			.findFirst()
			.orElse(valid.isEmpty() ? null : valid.get(0));
	}

	/**
	 * The same endpoints, each with another secret: the one of the vectors' wrong-secret case
	 * on the same signed URL (Square, Twilio), else a wrong secret of the same form.
	 */
	@Nested
	@NestedTestConfiguration(EnclosingConfiguration.OVERRIDE)
	@SpringBootTest(classes = VectorReceiverApplication.class)
	@ContextConfiguration(initializers = VectorEndpoints.OtherSecrets.class)
	@AutoConfigureMockMvc
	class WithOtherSecrets {

		@Autowired
		private VectorReceiver receiver;

		@BeforeEach
		void reset() {
			this.receiver.reset();
		}

		static Stream<VectorCase> deliveriesForTheOtherSecret() {
			return VectorEndpoints.cases().stream().filter((vector) -> !VectorEndpoints.servedWithRightSecrets(vector));
		}

		static Stream<VectorCase> validDeliveries() {
			return VectorEndpoints.cases()
				.stream()
				.filter(VectorEndpoints::servedWithRightSecrets)
				.filter((vector) -> verdict(vector).equals("valid"));
		}

		@ParameterizedTest(name = "{0}")
		@MethodSource("deliveriesForTheOtherSecret")
		void answersEachVectorAsItsVerdictSays(VectorCase vector) throws Exception {
			String verdict = verdict(vector);
			assertThat(verdict).as("a second secret on a signed URL serves only wrong-secret cases")
				.isNotEqualTo("valid");
			VectorReceiver.expectProblem(this.receiver.send(vector), 401, PROBLEM_BY_VERDICT.get(verdict));
			this.receiver.assertNothingRecorded(vector.id());
		}

		@ParameterizedTest(name = "{0}")
		@MethodSource("validDeliveries")
		void refusesAValidDeliveryUnderAWrongSecret(VectorCase vector) throws Exception {
			VectorReceiver.expectProblem(this.receiver.send(vector), 401, "invalid-signature");
			this.receiver.assertNothingRecorded(vector.id() + " under a wrong secret");
		}

	}

}
