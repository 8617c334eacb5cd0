package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.MultiValueMap;

/**
 * Verifies Slack requests: {@code X-Slack-Signature: v0=<hex HMAC-SHA256>} of
 * {@code "v0:" + X-Slack-Request-Timestamp + ":" + body}, keyed with the app's signing secret.
 * The timestamp must be within the tolerance in both directions, as Slack's docs ask.
 * <p>
 * For Events API payloads the delivery id is {@code event_id} and the event type
 * {@code event.type}, else the top-level {@code type} ({@code url_verification}). Interactivity
 * payloads (form field {@code payload}) have the event type of their {@code type}
 * ({@code block_actions}), slash commands that of their {@code command}
 * ({@code /deploy}). Where Slack sends no id, the delivery id is the SHA-256 of the body, and
 * where it sends no type, the event type is empty. The endpoint's {@code delivery-id} and
 * {@code event-type} override both, except for the {@code url_verification} handshake.
 * <p>
 * A verified {@code url_verification} request is answered with its challenge,
 * {@code {"challenge":"..."}}, and not processed as a delivery.
 */
public final class SlackProvider implements WebhookProvider {

	private static final String URL_VERIFICATION = "url_verification";

	private static final JsonPointer EVENT_ID = PayloadFields.field("event_id");

	private static final JsonPointer EVENT_TYPE = PayloadFields.field("event.type");

	private static final JsonPointer TYPE = PayloadFields.field("type");

	private static final JsonPointer CHALLENGE = PayloadFields.field("challenge");

	private static final V0Signature SIGNATURE = new V0Signature("X-Slack-Signature", "X-Slack-Request-Timestamp");

	private final JsonMapper jsonMapper;

	private final PerEndpoint<DeliveryFields> deliveryFields = new PerEndpoint<>(DeliveryFields::of);

	/**
	 * Creates a provider.
	 * @param jsonMapper the mapper to read the payload's id and type with
	 */
	public SlackProvider(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public String name() {
		return "slack";
	}

	@Override
	public void validate(WebhookEndpoint endpoint) {
		EndpointSecrets.require(endpoint, "the app's Signing Secret (Basic Information > App Credentials)", 32,
				"Slack's signing secrets are 32 hex digits");
		this.deliveryFields.get(endpoint);
	}

	@Override
	public VerifiedDelivery verify(WebhookRequest request, WebhookEndpoint endpoint, Clock clock) {
		Instant timestamp = SIGNATURE.verify(request, endpoint, clock);
		DeliveryFields deliveryFields = this.deliveryFields.get(endpoint);
		return FormFields.isForm(request) ? formDelivery(request, deliveryFields, timestamp)
				: eventsApiDelivery(request, deliveryFields, timestamp);
	}

	@Override
	public @Nullable HandshakeReply handshake(WebhookRequest request, WebhookEndpoint endpoint,
			VerifiedDelivery delivery) {
		if (!URL_VERIFICATION.equals(delivery.eventType()) || FormFields.isForm(request)) {
			return null;
		}
		PayloadFields payload = PayloadFields.read(this.jsonMapper, request.body(), TYPE, CHALLENGE);
		String challenge = payload.text(CHALLENGE);
		if (!URL_VERIFICATION.equals(payload.text(TYPE)) || challenge == null) {
			return null;
		}
		return HandshakeReply.json(this.jsonMapper.writeValueAsString(Map.of("challenge", challenge)));
	}

	private VerifiedDelivery eventsApiDelivery(WebhookRequest request, DeliveryFields deliveryFields,
			Instant timestamp) {
		RequestFields fields = deliveryFields.fields(request, this.jsonMapper, EVENT_ID, EVENT_TYPE, TYPE);
		PayloadFields payload = fields.json();
		String eventId = payload.text(EVENT_ID);
		String eventType = payload.text(EVENT_TYPE);
		if (eventType == null) {
			eventType = payload.text(TYPE);
			if (URL_VERIFICATION.equals(eventType)) {
				// the handshake is the sender's own, whatever the endpoint overrides; only the
				// handshake has a challenge: the events are not searched for one
				PayloadFields.read(this.jsonMapper, request, CHALLENGE).requireText(CHALLENGE);
				return new VerifiedDelivery((eventId != null) ? eventId : BodyHash.sha256Hex(request.body()),
						URL_VERIFICATION, timestamp);
			}
		}
		String presetType = eventType;
		String resolvedType = deliveryFields.eventType(fields, () -> presetType);
		return new VerifiedDelivery(deliveryFields.deliveryId(fields, resolvedType,
				() -> (eventId != null) ? eventId : BodyHash.sha256Hex(request.body())), resolvedType, timestamp);
	}

	private VerifiedDelivery formDelivery(WebhookRequest request, DeliveryFields deliveryFields, Instant timestamp) {
		RequestFields fields = deliveryFields.fields(request, this.jsonMapper);
		String eventType = deliveryFields.eventType(fields, () -> formEventType(fields.form()));
		return new VerifiedDelivery(
				deliveryFields.deliveryId(fields, eventType, () -> BodyHash.sha256Hex(request.body())), eventType,
				timestamp);
	}

	private @Nullable String formEventType(MultiValueMap<String, String> form) {
		String payload = form.getFirst("payload");
		if (payload != null) {
			return PayloadFields.read(this.jsonMapper, payload.getBytes(StandardCharsets.UTF_8), TYPE).text(TYPE);
		}
		String command = form.getFirst("command");
		return (command != null && !command.isBlank()) ? command : null;
	}

}
