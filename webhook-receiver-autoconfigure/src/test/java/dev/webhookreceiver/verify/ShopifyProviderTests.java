package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link ShopifyProvider}.
 */
class ShopifyProviderTests {

	private static final String SECRET = "shpss_test_0f9e8d7c";

	private static final String BODY = "{\"id\":820982911946154508}";

	private final ShopifyProvider provider = new ShopifyProvider();

	private final Clock clock = Clock.systemUTC();

	@Test
	void nameIsShopify() {
		assertThat(this.provider.name()).isEqualTo("shopify");
	}

	@Test
	void deliveryIdIsTheEventIdAndEventTypeTheTopic() {
		WebhookRequest request = request(headers("X-Shopify-", signature(SECRET)));
		assertThat(this.provider.verify(request, endpoint(SECRET), this.clock))
			.isEqualTo(new VerifiedDelivery("event-1", "orders/create", null));
	}

	@Test
	void deliveryIdFallsBackToTheWebhookId() {
		Map<String, String> headers = headers("X-Shopify-", signature(SECRET));
		headers.remove("X-Shopify-Event-Id");
		assertThat(this.provider.verify(request(headers), endpoint(SECRET), this.clock).deliveryId())
			.isEqualTo("webhook-1");
	}

	@Test
	void readsTheHeadersOfEventsDeliveries() {
		assertThat(this.provider.verify(request(headers("shopify-", signature(SECRET))), endpoint(SECRET), this.clock))
			.isEqualTo(new VerifiedDelivery("event-1", "orders/create", null));
	}

	@Test
	void acceptsASecondSecretDuringRotation() {
		assertThat(this.provider.verify(request(headers("X-Shopify-", signature(SECRET))), endpoint("old", SECRET),
				this.clock)
			.deliveryId()).isEqualTo("event-1");
	}

	@Test
	void rejectsAMissingSignature() {
		Map<String, String> headers = headers("X-Shopify-", signature(SECRET));
		headers.remove("X-Shopify-Hmac-Sha256");
		assertRejected(request(headers), Reason.MISSING_SIGNATURE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "***", "not base64!", "AAAA" })
	void rejectsMalformedOrWrongSignaturesWithAReason(String signature) {
		assertRejected(request(headers("X-Shopify-", signature)), Reason.INVALID_SIGNATURE);
	}

	@Test
	void rejectsAHexSignature() {
		String hex = TestSignatures.hmacSha256Hex(SECRET, BODY);
		assertRejected(request(headers("X-Shopify-", hex)), Reason.INVALID_SIGNATURE);
	}

	@Test
	void givesAnAuthenticDeliveryWithoutTopicTheEmptyEventType() {
		Map<String, String> headers = headers("X-Shopify-", signature(SECRET));
		headers.remove("X-Shopify-Topic");
		assertThat(this.provider.verify(request(headers), endpoint(SECRET), this.clock))
			.isEqualTo(new VerifiedDelivery("event-1", "", null));
	}

	@Test
	void readsTheDeliveryIdAndEventTypeWhereTheEndpointSays() {
		Map<String, String> headers = headers("X-Shopify-", signature(SECRET));
		headers.put("X-Shopify-Shop-Domain", "shop.example");
		WebhookEndpoint endpoint = TestSignatures.overriding(endpoint(SECRET), "json:/id",
				"header:X-Shopify-Shop-Domain");
		this.provider.validate(endpoint);
		assertThat(this.provider.verify(request(headers), endpoint, this.clock))
			.isEqualTo(new VerifiedDelivery("820982911946154508", "shop.example", null));
	}

	@Test
	void rejectsAnAuthenticDeliveryWithoutIdsAsMalformed() {
		Map<String, String> headers = headers("X-Shopify-", signature(SECRET));
		headers.remove("X-Shopify-Event-Id");
		headers.remove("X-Shopify-Webhook-Id");
		WebhookRejectedException ex = assertRejected(request(headers), Reason.MALFORMED);
		assertThat(ex).hasMessage("Neither the X-Shopify-Event-Id nor the X-Shopify-Webhook-Id header is present");
	}

	@Test
	void detailsNeverContainTheSecretOrTheExpectedSignature() {
		WebhookRejectedException ex = assertRejected(request(headers("X-Shopify-", signature("other"))),
				Reason.INVALID_SIGNATURE);
		assertThat(ex.getMessage()).doesNotContain(SECRET).doesNotContain(signature(SECRET));
	}

	@Test
	void validateRequiresASecret() {
		assertThatIllegalStateException().isThrownBy(() -> this.provider.validate(endpoint()))
			.withMessageContaining("webhook.receiver.endpoints.shopify.secret");
	}

	private WebhookRejectedException assertRejected(WebhookRequest request, Reason reason) {
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> this.provider.verify(request, endpoint(SECRET), this.clock));
		assertThat(ex).as("rejection").isNotNull();
		assertThat(ex.reason()).isEqualTo(reason);
		return ex;
	}

	private static WebhookRequest request(Map<String, String> headers) {
		return TestSignatures.request(headers, BODY);
	}

	private static Map<String, String> headers(String prefix, String signature) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(prefix + "Hmac-Sha256", signature);
		headers.put(prefix + "Topic", "orders/create");
		headers.put(prefix + "Event-Id", "event-1");
		headers.put(prefix + "Webhook-Id", "webhook-1");
		return headers;
	}

	private static String signature(String secret) {
		return TestSignatures.hmacSha256Base64(secret.getBytes(StandardCharsets.UTF_8), BODY);
	}

	private static WebhookEndpoint endpoint(String... secrets) {
		return new WebhookEndpoint("shopify", "/webhooks/shopify", "shopify", List.of(secrets), Duration.ofMinutes(5));
	}

}
