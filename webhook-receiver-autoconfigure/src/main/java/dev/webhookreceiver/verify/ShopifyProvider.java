package dev.webhookreceiver.verify;

import java.time.Clock;
import java.util.List;

/**
 * Verifies Shopify webhooks: {@code X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the body>},
 * keyed with the app's client secret. Deliveries of Shopify's events use the same headers
 * without {@code X-} ({@code Shopify-Hmac-Sha256}).
 * <p>
 * The delivery id is {@code X-Shopify-Event-Id}, which Shopify names as the key to ignore
 * duplicates by, else {@code X-Shopify-Webhook-Id}. The event type is the topic
 * ({@code orders/create}). Shopify signs no timestamp.
 */
public final class ShopifyProvider implements WebhookProvider {

	private static final String PREFIX = "X-Shopify-";

	private static final String EVENTS_PREFIX = "Shopify-";

	private static final String SIGNATURE = "Hmac-Sha256";

	/**
	 * Creates a provider.
	 */
	public ShopifyProvider() {
	}

	@Override
	public String name() {
		return "shopify";
	}

	@Override
	public void validate(WebhookEndpoint endpoint) {
		EndpointSecrets.require(endpoint, "the app's client secret (API secret key)");
	}

	@Override
	public VerifiedDelivery verify(WebhookRequest request, WebhookEndpoint endpoint, Clock clock) {
		boolean events = request.header(PREFIX + SIGNATURE) == null
				&& request.header(EVENTS_PREFIX + SIGNATURE) != null;
		String prefix = events ? EVENTS_PREFIX : PREFIX;
		String header = SignatureHeader.require(request, prefix + SIGNATURE);
		byte[] signature = SignatureEncoding.BASE64.decode(header);
		if (signature == null) {
			throw SignatureHeader.invalid("The " + prefix + SIGNATURE + " header is not Base64");
		}
		if (!Hmac.SHA256.signedByAny(EndpointSecrets.of(endpoint), List.of(signature), request.body())) {
			throw SignatureHeader.invalid(
					"The " + prefix + SIGNATURE + " signature matches none of the endpoint's secrets");
		}
		String eventType = DeliveryHeader.require(request, prefix + "Topic");
		String deliveryId = DeliveryId.require(eventType,
				() -> DeliveryHeader.require(request, prefix + "Event-Id", prefix + "Webhook-Id"));
		return new VerifiedDelivery(deliveryId, eventType, null);
	}

}
