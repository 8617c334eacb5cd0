package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies Zoom webhooks: {@code x-zm-signature: v0=<hex HMAC-SHA256>} of
 * {@code "v0:" + x-zm-request-timestamp + ":" + body}, keyed with the app's secret token.
 * Zoom documents no replay window; the timestamp must nevertheless be within the endpoint's
 * tolerance in both directions.
 * <p>
 * The event type is the payload's {@code event} ({@code meeting.started}), empty if absent.
 * Zoom sends no delivery id, so the delivery id is the SHA-256 of the body. The endpoint's
 * {@code delivery-id} and {@code event-type} override both, except for the handshake. A verified
 * {@code endpoint.url_validation} request is answered with
 * {@code {"plainToken":"...","encryptedToken":"<hex HMAC-SHA256 of plainToken>"}}, keyed with
 * the secret token that signed it, and not processed as a delivery.
 */
public final class ZoomProvider implements WebhookProvider {

	private static final String URL_VALIDATION = "endpoint.url_validation";

	private static final JsonPointer EVENT = PayloadFields.field("event");

	private static final JsonPointer PLAIN_TOKEN = PayloadFields.field("payload.plainToken");

	private static final V0Signature SIGNATURE = new V0Signature("x-zm-signature", "x-zm-request-timestamp");

	private final JsonMapper jsonMapper;

	private final PerEndpoint<DeliveryFields> deliveryFields = new PerEndpoint<>(DeliveryFields::of);

	/**
	 * Creates a provider.
	 * @param jsonMapper the mapper to read the payload's {@code event} with
	 */
	public ZoomProvider(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public String name() {
		return "zoom";
	}

	@Override
	public void validate(WebhookEndpoint endpoint) {
		EndpointSecrets.require(endpoint, "the app's Secret Token (Features > Access in the Zoom App Marketplace)");
		this.deliveryFields.get(endpoint);
	}

	@Override
	public VerifiedDelivery verify(WebhookRequest request, WebhookEndpoint endpoint, Clock clock) {
		Instant timestamp = SIGNATURE.verify(request, endpoint, clock);
		DeliveryFields deliveryFields = this.deliveryFields.get(endpoint);
		RequestFields fields = deliveryFields.fields(request, this.jsonMapper, EVENT, PLAIN_TOKEN);
		String event = fields.json().text(EVENT);
		if (URL_VALIDATION.equals(event)) {
			// the handshake is the sender's own, whatever the endpoint overrides
			fields.json().requireText(PLAIN_TOKEN);
			return new VerifiedDelivery(BodyHash.sha256Hex(request.body()), event, timestamp);
		}
		String eventType = deliveryFields.eventType(fields, () -> event);
		return new VerifiedDelivery(
				deliveryFields.deliveryId(fields, eventType, () -> BodyHash.sha256Hex(request.body())), eventType,
				timestamp);
	}

	@Override
	public @Nullable HandshakeReply handshake(WebhookRequest request, WebhookEndpoint endpoint,
			VerifiedDelivery delivery) {
		if (!URL_VALIDATION.equals(delivery.eventType())) {
			return null;
		}
		String plainToken = PayloadFields.read(this.jsonMapper, request.body(), PLAIN_TOKEN).text(PLAIN_TOKEN);
		String secret = SIGNATURE.signingSecret(request, endpoint);
		if (plainToken == null || secret == null) {
			return null;
		}
		byte[] encryptedToken = Hmac.SHA256.compute(secret.getBytes(StandardCharsets.UTF_8),
				plainToken.getBytes(StandardCharsets.UTF_8));
		Map<String, String> reply = new LinkedHashMap<>();
		reply.put("plainToken", plainToken);
		reply.put("encryptedToken", HexFormat.of().formatHex(encryptedToken));
		return HandshakeReply.json(this.jsonMapper.writeValueAsString(reply));
	}

}
