package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import tools.jackson.core.JsonPointer;
import tools.jackson.databind.json.JsonMapper;

import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

/**
 * Verifies Square webhooks: {@code x-square-hmacsha256-signature: <base64 HMAC-SHA256>} of
 * the notification URL followed by the body, keyed with the subscription's signature key.
 * The URL must be the one the subscription was created with, byte for byte, query included,
 * so the request URL must be the one the sender saw. A delivery signed only with the legacy
 * SHA-1 {@code x-square-signature} header is refused.
 * <p>
 * The delivery id is the payload's {@code event_id} and the event type its {@code type} (empty
 * if it has none), unless the endpoint's {@code delivery-id} or {@code event-type} says
 * otherwise.
 * Square signs no timestamp.
 */
public final class SquareProvider implements WebhookProvider {

	private static final String SIGNATURE_HEADER = "x-square-hmacsha256-signature";

	private static final String LEGACY_SIGNATURE_HEADER = "x-square-signature";

	private static final JsonPointer EVENT_ID = PayloadFields.field("event_id");

	private static final JsonPointer TYPE = PayloadFields.field("type");

	private final JsonMapper jsonMapper;

	private final PerEndpoint<DeliveryFields> deliveryFields = new PerEndpoint<>(DeliveryFields::of);

	/**
	 * Creates a provider.
	 * @param jsonMapper the mapper to read the payload's {@code event_id} and {@code type} with
	 */
	public SquareProvider(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public String name() {
		return "square";
	}

	@Override
	public void validate(WebhookEndpoint endpoint) {
		EndpointSecrets.require(endpoint, "the webhook subscription's signature key");
		this.deliveryFields.get(endpoint);
	}

	@Override
	public VerifiedDelivery verify(WebhookRequest request, WebhookEndpoint endpoint, Clock clock) {
		if (request.header(SIGNATURE_HEADER) == null && request.header(LEGACY_SIGNATURE_HEADER) != null) {
			throw new WebhookRejectedException(Reason.MISSING_SIGNATURE, "The " + SIGNATURE_HEADER
					+ " header is missing; the legacy SHA-1 " + LEGACY_SIGNATURE_HEADER + " header is not accepted");
		}
		byte[] signature = SignatureEncoding.BASE64.decode(SignatureHeader.require(request, SIGNATURE_HEADER));
		if (signature == null) {
			throw SignatureHeader.invalid("The " + SIGNATURE_HEADER + " header is not Base64");
		}
		if (!Hmac.SHA256.signedByAny(EndpointSecrets.of(endpoint), List.of(signature),
				request.url().getBytes(StandardCharsets.UTF_8), request.body())) {
			throw SignatureHeader.invalid("The " + SIGNATURE_HEADER + " signature matches none of the endpoint's "
					+ "secrets for this notification URL");
		}
		DeliveryFields deliveryFields = this.deliveryFields.get(endpoint);
		RequestFields fields = deliveryFields.fields(request, this.jsonMapper, TYPE, EVENT_ID);
		String eventType = deliveryFields.eventType(fields, () -> fields.json().text(TYPE));
		return new VerifiedDelivery(
				deliveryFields.deliveryId(fields, eventType, () -> fields.json().requireText(EVENT_ID)), eventType,
				null);
	}

}
