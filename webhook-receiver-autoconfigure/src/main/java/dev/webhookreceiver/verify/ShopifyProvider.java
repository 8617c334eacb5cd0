package dev.webhookreceiver.verify;

import java.time.Clock;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies Shopify webhooks: {@code X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the body>},
 * keyed with the app's client secret. Deliveries of Shopify's events use the same headers
 * without {@code X-} ({@code Shopify-Hmac-Sha256}).
 * <p>
 * The delivery id is {@code X-Shopify-Event-Id}, which Shopify names as the key to ignore
 * duplicates by, else {@code X-Shopify-Webhook-Id}. The event type is the topic
 * ({@code orders/create}), empty if absent. The endpoint's {@code delivery-id} and
 * {@code event-type} override both. Shopify signs no timestamp.
 */
public final class ShopifyProvider implements WebhookProvider {

	private static final String PREFIX = "X-Shopify-";

	private static final String EVENTS_PREFIX = "Shopify-";

	private static final String SIGNATURE = "Hmac-Sha256";

	private final JsonMapper jsonMapper;

	private final PerEndpoint<DeliveryFields> deliveryFields = new PerEndpoint<>(DeliveryFields::of);

	/**
	 * Creates a provider that reads {@code json:} expressions with Jackson's shared mapper.
	 */
	public ShopifyProvider() {
		this(JsonMapper.shared());
	}

	/**
	 * Creates a provider.
	 * @param jsonMapper the mapper to read {@code json:} expressions of {@code delivery-id} and
	 * {@code event-type} with
	 */
	public ShopifyProvider(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public String name() {
		return "shopify";
	}

	@Override
	public void validate(WebhookEndpoint endpoint) {
		EndpointSecrets.require(endpoint, "the app's client secret (API secret key)");
		this.deliveryFields.get(endpoint);
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
		DeliveryFields deliveryFields = this.deliveryFields.get(endpoint);
		RequestFields fields = deliveryFields.fields(request, this.jsonMapper);
		String eventType = deliveryFields.eventType(fields, () -> request.header(prefix + "Topic"));
		String deliveryId = deliveryFields.deliveryId(fields, eventType,
				() -> DeliveryHeader.require(request, prefix + "Event-Id", prefix + "Webhook-Id"));
		return new VerifiedDelivery(deliveryId, eventType, null);
	}

}
