package dev.webhookreceiver.verify;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import tools.jackson.core.JsonPointer;
import tools.jackson.databind.json.JsonMapper;

import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

/**
 * Verifies Linear webhooks: {@code Linear-Signature: <hex HMAC-SHA256 of the body>}, keyed
 * with the webhook's signing secret. Linear signs its timestamp inside the body, as
 * {@code webhookTimestamp} in milliseconds, which must be within the endpoint's tolerance in
 * both directions (Linear suggests a minute); the unsigned {@code Linear-Timestamp} header is
 * not trusted.
 * <p>
 * The delivery id is {@code Linear-Delivery} and the event type {@code Linear-Event}
 * ({@code Issue}, empty if absent), unless the endpoint's {@code delivery-id} or
 * {@code event-type} says otherwise.
 */
public final class LinearProvider implements WebhookProvider {

	private static final String SIGNATURE_HEADER = "Linear-Signature";

	private static final JsonPointer WEBHOOK_TIMESTAMP = PayloadFields.field("webhookTimestamp");

	private final JsonMapper jsonMapper;

	private final PerEndpoint<DeliveryFields> deliveryFields = new PerEndpoint<>(DeliveryFields::of);

	/**
	 * Creates a provider.
	 * @param jsonMapper the mapper to read the payload's {@code webhookTimestamp} with
	 */
	public LinearProvider(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public String name() {
		return "linear";
	}

	@Override
	public void validate(WebhookEndpoint endpoint) {
		EndpointSecrets.require(endpoint, "the webhook's signing secret from Linear's API settings");
		this.deliveryFields.get(endpoint);
	}

	@Override
	public VerifiedDelivery verify(WebhookRequest request, WebhookEndpoint endpoint, Clock clock) {
		byte[] signature = SignatureEncoding.HEX.decode(SignatureHeader.require(request, SIGNATURE_HEADER));
		if (signature == null) {
			throw SignatureHeader.invalid("The " + SIGNATURE_HEADER + " header is not hex");
		}
		if (!Hmac.SHA256.signedByAny(EndpointSecrets.of(endpoint), List.of(signature), request.body())) {
			throw SignatureHeader.invalid(
					"The " + SIGNATURE_HEADER + " signature matches none of the endpoint's secrets");
		}
		DeliveryFields deliveryFields = this.deliveryFields.get(endpoint);
		RequestFields fields = deliveryFields.fields(request, this.jsonMapper, WEBHOOK_TIMESTAMP);
		Long millis = fields.json().longValue(WEBHOOK_TIMESTAMP);
		if (millis == null) {
			throw new WebhookRejectedException(Reason.MALFORMED, "The body has no number field 'webhookTimestamp'");
		}
		Instant timestamp = Instant.ofEpochMilli(millis);
		TimestampTolerance.check(timestamp, ChronoUnit.MILLIS, clock, endpoint.tolerance());
		String eventType = deliveryFields.eventType(fields, () -> request.header("Linear-Event"));
		String deliveryId = deliveryFields.deliveryId(fields, eventType,
				() -> DeliveryHeader.require(request, "Linear-Delivery"));
		return new VerifiedDelivery(deliveryId, eventType, timestamp);
	}

}
