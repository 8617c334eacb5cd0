package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.MultiValueMap;

import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

/**
 * Verifies Slack requests: {@code X-Slack-Signature: v0=<hex HMAC-SHA256>} of
 * {@code "v0:" + X-Slack-Request-Timestamp + ":" + body}, keyed with the app's signing secret.
 * The timestamp must be within the tolerance in both directions, as Slack's docs ask.
 * <p>
 * For Events API payloads the delivery id is {@code event_id} and the event type
 * {@code event.type}, else the top-level {@code type} ({@code url_verification}). Interactivity
 * payloads (form field {@code payload}) have the event type of their {@code type}
 * ({@code block_actions}), slash commands that of their {@code command}
 * ({@code /deploy}). Where Slack sends no id, the delivery id is the SHA-256 of the body.
 */
public final class SlackProvider implements WebhookProvider {

	private static final String SIGNATURE_HEADER = "X-Slack-Signature";

	private static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";

	private static final String SIGNATURE_PREFIX = "v0=";

	private static final byte[] VERSION = "v0:".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] SEPARATOR = { ':' };

	private final JsonMapper jsonMapper;

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
		EndpointSecrets.require(endpoint, "the app's Signing Secret (Basic Information > App Credentials)");
	}

	@Override
	public VerifiedDelivery verify(WebhookRequest request, WebhookEndpoint endpoint, Clock clock) {
		String header = SignatureHeader.require(request, SIGNATURE_HEADER);
		String timestampText = SignatureHeader.require(request, TIMESTAMP_HEADER);
		Instant timestamp = TimestampTolerance.parseEpochSeconds(timestampText, TIMESTAMP_HEADER + " header");
		byte[] signature = header.startsWith(SIGNATURE_PREFIX)
				? SignatureEncoding.HEX.decode(header.substring(SIGNATURE_PREFIX.length())) : null;
		if (signature == null) {
			throw SignatureHeader.invalid("The " + SIGNATURE_HEADER + " header is not of the form v0=<hex>");
		}
		if (!Hmac.SHA256.signedByAny(EndpointSecrets.of(endpoint), List.of(signature), VERSION,
				timestampText.getBytes(StandardCharsets.UTF_8), SEPARATOR, request.body())) {
			throw SignatureHeader.invalid(
					"The " + SIGNATURE_HEADER + " signature matches none of the endpoint's secrets");
		}
		TimestampTolerance.check(timestamp, ChronoUnit.SECONDS, clock, endpoint.tolerance());
		return FormFields.isForm(request) ? formDelivery(request.body(), timestamp)
				: eventsApiDelivery(request.body(), timestamp);
	}

	private VerifiedDelivery eventsApiDelivery(byte[] body, Instant timestamp) {
		PayloadFields payload = PayloadFields.parse(this.jsonMapper, body);
		String eventId = payload.text("event_id");
		String eventType = payload.text("event.type");
		return new VerifiedDelivery((eventId != null) ? eventId : BodyHash.sha256Hex(body),
				(eventType != null) ? eventType : payload.requireText("type"), timestamp);
	}

	private VerifiedDelivery formDelivery(byte[] body, Instant timestamp) {
		MultiValueMap<String, String> fields = FormFields.parse(body);
		String payload = fields.getFirst("payload");
		String command = fields.getFirst("command");
		String eventType;
		if (payload != null) {
			eventType = PayloadFields.parse(this.jsonMapper, payload.getBytes(StandardCharsets.UTF_8))
				.requireText("type");
		}
		else if (command != null && !command.isBlank()) {
			eventType = command;
		}
		else {
			throw new WebhookRejectedException(Reason.MALFORMED,
					"The form body has neither a 'payload' nor a 'command' field");
		}
		return new VerifiedDelivery(BodyHash.sha256Hex(body), eventType, timestamp);
	}

}
