package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.json.JsonMapper;

import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

/**
 * Verifies GitHub deliveries: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>}.
 * <p>
 * The delivery id is {@code X-GitHub-Delivery}. The event type is {@code X-GitHub-Event},
 * followed by {@code .} and the payload's {@code action} where it has one
 * ({@code issues.opened}); form-encoded deliveries carry the payload in their {@code payload}
 * field. A delivery without {@code X-GitHub-Event} has the empty event type. The endpoint's
 * {@code delivery-id} and {@code event-type} override both. A delivery signed only with the
 * legacy SHA-1 {@code X-Hub-Signature} header is refused, and the signature must carry its
 * {@code sha256=} prefix.
 */
public final class GitHubProvider implements WebhookProvider {

	private static final String SIGNATURE_HEADER = "X-Hub-Signature-256";

	private static final String LEGACY_SIGNATURE_HEADER = "X-Hub-Signature";

	private static final String SIGNATURE_PREFIX = "sha256=";

	private static final JsonPointer ACTION = PayloadFields.field("action");

	private final JsonMapper jsonMapper;

	private final PerEndpoint<DeliveryFields> deliveryFields = new PerEndpoint<>(DeliveryFields::of);

	/**
	 * Creates a provider.
	 * @param jsonMapper the mapper to read the payload's {@code action} with
	 */
	public GitHubProvider(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public String name() {
		return "github";
	}

	@Override
	public void validate(WebhookEndpoint endpoint) {
		EndpointSecrets.require(endpoint, "the secret entered in the GitHub webhook's settings");
		this.deliveryFields.get(endpoint);
	}

	@Override
	public VerifiedDelivery verify(WebhookRequest request, WebhookEndpoint endpoint, Clock clock) {
		if (request.header(SIGNATURE_HEADER) == null && request.header(LEGACY_SIGNATURE_HEADER) != null) {
			throw new WebhookRejectedException(Reason.MISSING_SIGNATURE, "The " + SIGNATURE_HEADER
					+ " header is missing; the legacy SHA-1 " + LEGACY_SIGNATURE_HEADER + " header is not accepted");
		}
		String header = SignatureHeader.require(request, SIGNATURE_HEADER);
		byte[] signature = header.startsWith(SIGNATURE_PREFIX)
				? SignatureEncoding.HEX.decode(header.substring(SIGNATURE_PREFIX.length())) : null;
		if (signature == null) {
			throw SignatureHeader.invalid("The " + SIGNATURE_HEADER + " header is not of the form sha256=<hex>");
		}
		if (!Hmac.SHA256.signedByAny(EndpointSecrets.of(endpoint), List.of(signature), request.body())) {
			throw SignatureHeader.invalid(
					"The " + SIGNATURE_HEADER + " signature matches none of the endpoint's secrets");
		}
		DeliveryFields deliveryFields = this.deliveryFields.get(endpoint);
		RequestFields fields = deliveryFields.fields(request, this.jsonMapper);
		String eventType = deliveryFields.eventType(fields, () -> eventType(request));
		String deliveryId = deliveryFields.deliveryId(fields, eventType,
				() -> DeliveryHeader.require(request, "X-GitHub-Delivery"));
		return new VerifiedDelivery(deliveryId, eventType, null);
	}

	private @Nullable String eventType(WebhookRequest request) {
		String event = request.header("X-GitHub-Event");
		if (event == null || event.isBlank()) {
			return null;
		}
		String action = action(request);
		return (action != null) ? event + "." + action : event;
	}

	private @Nullable String action(WebhookRequest request) {
		if (!FormFields.isForm(request)) {
			return PayloadFields.read(this.jsonMapper, request, ACTION).text(ACTION);
		}
		String payload = FormFields.first(request.body(), "payload");
		if (payload == null) {
			throw new WebhookRejectedException(Reason.MALFORMED, "The form body has no 'payload' field");
		}
		return PayloadFields.read(this.jsonMapper, payload.getBytes(StandardCharsets.UTF_8), ACTION).text(ACTION);
	}

}
