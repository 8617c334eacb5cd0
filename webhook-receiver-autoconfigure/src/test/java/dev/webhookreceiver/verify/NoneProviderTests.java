package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.webhookreceiver.verify.WebhookEndpoint.SignatureSettings;
import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link NoneProvider}.
 */
class NoneProviderTests {

	private static final String BODY = "{\"id\":\"evt_1\",\"type\":\"order.created\"}";

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

	private final NoneProvider provider = new NoneProvider(JsonMapper.builder().build());

	@Test
	void nameIsNoneAndNeedsNoSecret() {
		assertThat(this.provider.name()).isEqualTo("none");
		assertThat(this.provider.requiresSecret()).isFalse();
		assertThatNoException().isThrownBy(() -> this.provider.validate(endpoint(null, "json:/type")));
	}

	@Test
	void acceptsAnyDeliveryWithTheBodyHashAsDefaultId() {
		assertThat(verify(endpoint(null, "json:/type"), Map.of())).isEqualTo(
				new VerifiedDelivery(BodyHash.sha256Hex(BODY.getBytes(StandardCharsets.UTF_8)), "order.created", null));
	}

	@Test
	void givesADeliveryWithoutEventTypeTheEmptyEventType() {
		assertThat(verify(endpoint("json:/id", "header:X-Event"), Map.of()))
			.isEqualTo(new VerifiedDelivery("evt_1", "", null));
	}

	@Test
	void readsTheDeliveryIdAndEventTypeWhereConfigured() {
		assertThat(verify(endpoint("header:X-Id", "fixed:legacy"), Map.of("X-Id", "d-1")))
			.isEqualTo(new VerifiedDelivery("d-1", "legacy", null));
		assertThat(verify(endpoint("json:/id", "header:X-Event"), Map.of("X-Event", "ping")))
			.isEqualTo(new VerifiedDelivery("evt_1", "ping", null));
	}

	@Test
	void rejectsADeliveryWithoutItsIdOrEventTypeAsMalformed() {
		WebhookEndpoint endpoint = endpoint("header:X-Id", "json:/type");
		this.provider.validate(endpoint);
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> this.provider.verify(TestSignatures.request(Map.of(), BODY), endpoint, CLOCK));
		assertThat(ex.reason()).isEqualTo(Reason.MALFORMED);
		assertThat(ex).hasMessage("The delivery has no delivery id: the X-Id header is missing");
		assertThat(ex.eventType()).isEqualTo("order.created");
	}

	@Test
	void validateRequiresAnEventTypeAndValidExpressions() {
		assertThatIllegalStateException().isThrownBy(() -> this.provider.validate(endpoint(null, null)))
			.withMessageStartingWith("webhook.receiver.endpoints.legacy.event-type is not set: the 'none' provider")
			.withMessageContaining("'event-type: fixed:NAME'");
		assertThatIllegalStateException().isThrownBy(() -> this.provider.validate(endpoint("id", "fixed:x")))
			.withMessageStartingWith("Invalid webhook.receiver.endpoints.legacy.delivery-id 'id'");
	}

	private VerifiedDelivery verify(WebhookEndpoint endpoint, Map<String, String> headers) {
		this.provider.validate(endpoint);
		return this.provider.verify(TestSignatures.request(headers, BODY), endpoint, CLOCK);
	}

	private static WebhookEndpoint endpoint(@Nullable String deliveryId, @Nullable String eventType) {
		return new WebhookEndpoint("legacy", "/webhooks/legacy", "none", List.of(), Duration.ofMinutes(5),
				SignatureSettings.DEFAULT, null, deliveryId, eventType);
	}

}
