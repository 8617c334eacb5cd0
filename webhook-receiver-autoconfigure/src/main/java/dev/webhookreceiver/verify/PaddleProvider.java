package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import tools.jackson.core.JsonPointer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies Paddle Billing notifications: {@code Paddle-Signature: ts=<seconds>;h1=<hex>}, the
 * HMAC-SHA256 of {@code ts + ":" + body} keyed with the notification destination's secret key
 * ({@code pdl_ntfset_...}). Several {@code h1} signatures are accepted, any of which may match
 * (Paddle's SDK keeps only the last). The timestamp must be within the endpoint's tolerance
 * in both directions; Paddle's SDK allows 5 seconds, a tolerance to consider setting.
 * <p>
 * The delivery id is the payload's {@code notification_id} and the event type its
 * {@code event_type} (empty if it has none), unless the endpoint's {@code delivery-id} or
 * {@code event-type} says otherwise.
 */
public final class PaddleProvider implements WebhookProvider {

	private static final String SIGNATURE_HEADER = "Paddle-Signature";

	private static final byte[] SEPARATOR = { ':' };

	private static final JsonPointer NOTIFICATION_ID = PayloadFields.field("notification_id");

	private static final JsonPointer EVENT_TYPE = PayloadFields.field("event_type");

	private final JsonMapper jsonMapper;

	private final PerEndpoint<DeliveryFields> deliveryFields = new PerEndpoint<>(DeliveryFields::of);

	/**
	 * Creates a provider.
	 * @param jsonMapper the mapper to read the payload's {@code notification_id} and
	 * {@code event_type} with
	 */
	public PaddleProvider(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public String name() {
		return "paddle";
	}

	@Override
	public void validate(WebhookEndpoint endpoint) {
		EndpointSecrets.require(endpoint, "the notification destination's secret key (pdl_ntfset_...)");
		this.deliveryFields.get(endpoint);
	}

	@Override
	public VerifiedDelivery verify(WebhookRequest request, WebhookEndpoint endpoint, Clock clock) {
		TimestampedSignatures header = TimestampedSignatures.parse(SIGNATURE_HEADER,
				SignatureHeader.require(request, SIGNATURE_HEADER), ';', "ts", "h1");
		Instant timestamp = TimestampTolerance.parseEpochSeconds(header.timestamp(), SIGNATURE_HEADER + " timestamp");
		if (!Hmac.SHA256.signedByAny(EndpointSecrets.of(endpoint), header.signatures(),
				header.timestamp().getBytes(StandardCharsets.UTF_8), SEPARATOR, request.body())) {
			throw SignatureHeader.invalid("No h1 signature in the " + SIGNATURE_HEADER
					+ " header matches the endpoint's secrets");
		}
		TimestampTolerance.check(timestamp, ChronoUnit.SECONDS, clock, endpoint.tolerance());
		DeliveryFields deliveryFields = this.deliveryFields.get(endpoint);
		RequestFields fields = deliveryFields.fields(request, this.jsonMapper, EVENT_TYPE, NOTIFICATION_ID);
		String eventType = deliveryFields.eventType(fields, () -> fields.json().text(EVENT_TYPE));
		return new VerifiedDelivery(
				deliveryFields.deliveryId(fields, eventType, () -> fields.json().requireText(NOTIFICATION_ID)),
				eventType, timestamp);
	}

}
