package dev.webhookreceiver.verify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
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
 * Runs every known-answer vector of the supported schemes through its provider.
 * <p>
 * Where the providers' docs and SDKs disagree ({@code policy_dependent}), the stricter verdict
 * is expected: that is the default of this project. Where a {@code valid} case has no
 * delivery id ({@code null}: the sender defines none), Slack falls back to the SHA-256 of the
 * body, and a Slack slash command has the event type of its {@code command}. Other
 * {@code valid} cases without a delivery id or event type must fail as
 * {@link Reason#MALFORMED}, which a provider only reports once the signature holds.
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

	private static final Instant SIGNING_TIME = Instant.parse("2026-01-01T00:00:00Z");

	static Stream<VectorCase> cases() {
		return VectorCase.load().stream().filter((vector) -> providers.containsKey(vector.scheme()));
	}

	@Test
	void everyCaseOfTheSupportedSchemesIsRun() {
		Map<String, Long> counts = cases().collect(Collectors.groupingBy(VectorCase::scheme, Collectors.counting()));
		assertThat(counts).containsOnly(Map.entry("github", 13L), Map.entry("stripe", 13L),
				Map.entry("standard-webhooks", 21L), Map.entry("svix", 5L), Map.entry("slack", 12L),
				Map.entry("shopify", 9L), Map.entry("gitlab", 3L), Map.entry("paddle", 5L), Map.entry("square", 4L),
				Map.entry("linear", 4L), Map.entry("zoom", 4L), Map.entry("discord", 3L));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void providerGivesTheVectorsVerdict(VectorCase vector) {
		WebhookProvider provider = providers.get(vector.scheme());
		WebhookEndpoint endpoint = endpoint(vector);
		assertThatNoException().isThrownBy(() -> provider.validate(endpoint));
		String verdict = verdict(vector);
		String deliveryId = expectedDeliveryId(vector);
		String eventType = expectedEventType(vector);
		if (verdict.equals("valid") && deliveryId != null && eventType != null) {
			VerifiedDelivery delivery = provider.verify(vector.request(), endpoint, clock(vector));
			assertThat(delivery.deliveryId()).isEqualTo(deliveryId);
			assertThat(delivery.eventType()).isEqualTo(eventType);
			assertThat(delivery.timestamp() != null).as("has a timestamp").isEqualTo(vector.nowEpochSeconds() != null);
			assertThat(provider.handshake(vector.request(), endpoint, delivery)).isEqualTo(expectedHandshake(vector));
		}
		else {
			Reason reason = verdict.equals("valid") ? Reason.MALFORMED : reasons.get(verdict);
			WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
					() -> provider.verify(vector.request(), endpoint, clock(vector)));
			assertThat(ex).as("rejection").isNotNull();
			assertThat(ex.reason()).isEqualTo(reason);
			assertThat(ex.getMessage()).isNotBlank().doesNotContain(vector.secret());
		}
	}

	private static String verdict(VectorCase vector) {
		if (!vector.policyDependent()) {
			return vector.expected();
		}
		String alternative = vector.alternativeExpected();
		return (vector.expected().equals("valid") && alternative != null) ? alternative : vector.expected();
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
		return vector.deliveryId();
	}

	private static @Nullable String expectedEventType(VectorCase vector) {
		Object action = vector.extracted("action");
		if (vector.scheme().equals("github") && action instanceof String) {
			return vector.eventType() + "." + action;
		}
		if (vector.eventType() == null && vector.scheme().equals("slack")) {
			return (String) vector.extracted("command");
		}
		return vector.eventType();
	}

	private static WebhookEndpoint endpoint(VectorCase vector) {
		Long tolerance = vector.toleranceSeconds();
		return new WebhookEndpoint(vector.scheme(), "/webhooks/" + vector.scheme(), vector.scheme(),
				List.of(vector.secret()), (tolerance != null) ? Duration.ofSeconds(tolerance) : Duration.ofMinutes(5));
	}

	private static Clock clock(VectorCase vector) {
		Long now = vector.nowEpochSeconds();
		return Clock.fixed((now != null) ? Instant.ofEpochSecond(now) : SIGNING_TIME, ZoneOffset.UTC);
	}

}
