package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Runs every known-answer vector of every scheme through its built-in provider.
 * <p>
 * Where the providers' docs and SDKs disagree ({@code policy_dependent}), the stricter verdict
 * is expected: that is the default of this project. Where a {@code valid} case has no
 * delivery id ({@code null}: the sender defines none), Slack and Zoom fall back to the SHA-256
 * of the body and Twilio to that of the URL and the body; a Slack slash command has the event
 * type of its {@code command}, a Twilio message that of its {@code SmsStatus}. Other
 * {@code valid} cases without an event type have the empty event type, and those without a
 * delivery id must fail as {@link Reason#MALFORMED}, which a provider only reports once the
 * signature holds. The
 * handshakes of valid Slack and Zoom cases are answered as the senders expect, and no other
 * valid case is taken for a handshake.
 */
class ProviderVectorsTests {

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	private static final Map<String, WebhookProvider> providers = BuiltInProviders.create(jsonMapper)
		.stream()
		.collect(Collectors.toMap(WebhookProvider::name, Function.identity()));

	private static final Map<String, Reason> reasons = Map.of("invalid_signature", Reason.INVALID_SIGNATURE,
			"malformed_header", Reason.INVALID_SIGNATURE, "invalid_body_hash", Reason.INVALID_SIGNATURE,
			"stale_timestamp", Reason.STALE_TIMESTAMP, "future_timestamp", Reason.STALE_TIMESTAMP, "missing_header",
			Reason.MISSING_SIGNATURE);

	static Stream<VectorCase> cases() {
		return VectorCase.load().stream();
	}

	@Test
	void everyCaseOfEverySchemeHasABuiltInProvider() {
		Map<String, Long> counts = cases().collect(Collectors.groupingBy(VectorCase::scheme, Collectors.counting()));
		assertThat(counts).containsOnly(Map.entry("github", 13L), Map.entry("stripe", 13L),
				Map.entry("standard-webhooks", 21L), Map.entry("svix", 5L), Map.entry("slack", 12L),
				Map.entry("shopify", 9L), Map.entry("twilio", 13L), Map.entry("gitlab", 3L), Map.entry("paddle", 5L),
				Map.entry("square", 4L), Map.entry("linear", 4L), Map.entry("zoom", 4L), Map.entry("discord", 3L));
		assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(109);
		assertThat(providers).containsKeys(counts.keySet().toArray(new String[0]));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void providerGivesTheVectorsVerdict(VectorCase vector) {
		WebhookProvider provider = providers.get(vector.scheme());
		WebhookEndpoint endpoint = vector.endpoint();
		assertThatNoException().isThrownBy(() -> provider.validate(endpoint));
		String verdict = vector.strictVerdict();
		String deliveryId = expectedDeliveryId(vector);
		String eventType = expectedEventType(vector);
		if (verdict.equals("valid") && deliveryId != null) {
			VerifiedDelivery delivery = provider.verify(vector.request(), endpoint, vector.clock());
			assertThat(delivery.deliveryId()).isEqualTo(deliveryId);
			assertThat(delivery.eventType()).isEqualTo(eventType);
			assertThat(delivery.timestamp() != null).as("has a timestamp").isEqualTo(vector.nowEpochSeconds() != null);
			assertThat(provider.handshake(vector.request(), endpoint, delivery)).isEqualTo(expectedHandshake(vector));
		}
		else {
			Reason reason = verdict.equals("valid") ? Reason.MALFORMED : reasons.get(verdict);
			WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
					() -> provider.verify(vector.request(), endpoint, vector.clock()));
			assertThat(ex).as("rejection").isNotNull();
			assertThat(ex.reason()).isEqualTo(reason);
			assertThat(ex.getMessage()).isNotBlank().doesNotContain(vector.secret());
		}
	}

	private static @Nullable HandshakeReply expectedHandshake(VectorCase vector) {
		if (vector.scheme().equals("slack") && "url_verification".equals(vector.eventType())) {
			return HandshakeReply.json("{\"challenge\":\"" + vector.extracted("challenge") + "\"}");
		}
		if (vector.scheme().equals("zoom") && "endpoint.url_validation".equals(vector.eventType())) {
			return HandshakeReply.json("{\"plainToken\":\"" + vector.extracted("plain_token")
					+ "\",\"encryptedToken\":\"" + vector.extracted("expected_encrypted_token") + "\"}");
		}
		return null;
	}

	private static @Nullable String expectedDeliveryId(VectorCase vector) {
		if (vector.deliveryId() == null && (vector.scheme().equals("slack") || vector.scheme().equals("zoom"))) {
			return vector.bodySha256Hex();
		}
		if (vector.deliveryId() == null && vector.scheme().equals("twilio")) {
			return sha256Hex(vector.url().getBytes(StandardCharsets.UTF_8), vector.body());
		}
		return vector.deliveryId();
	}

	private static String expectedEventType(VectorCase vector) {
		Object action = vector.extracted("action");
		String eventType = vector.eventType();
		if (vector.scheme().equals("github") && action instanceof String) {
			eventType = eventType + "." + action;
		}
		if (eventType == null && vector.scheme().equals("slack")) {
			eventType = (String) vector.extracted("command");
		}
		if (eventType == null && vector.scheme().equals("twilio")) {
			eventType = (String) vector.extracted("sms_status");
		}
		// an authentic delivery without an event type is not refused
		return (eventType != null) ? eventType : "";
	}

	private static String sha256Hex(byte[]... parts) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (byte[] part : parts) {
				digest.update(part);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
