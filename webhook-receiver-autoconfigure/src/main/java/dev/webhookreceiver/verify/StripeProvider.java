package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import tools.jackson.core.JsonPointer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies Stripe deliveries: {@code Stripe-Signature: t=<seconds>,v1=<hex>[,v1=<hex>...]},
 * each {@code v1} an HMAC-SHA256 of {@code t + "." + body} keyed with the UTF-8 bytes of the
 * whole {@code whsec_...} secret.
 * <p>
 * The delivery id is the payload's {@code id} and the event type its {@code type}, unless the
 * endpoint's {@code delivery-id} or {@code event-type} says otherwise; a delivery without a
 * type has the empty event type. Unlike
 * Stripe's SDKs, which refuse only old timestamps, a timestamp further than the tolerance in
 * the future is refused too. Signatures of other schemes ({@code v0}) are ignored.
 */
public final class StripeProvider implements WebhookProvider {

	private static final String SIGNATURE_HEADER = "Stripe-Signature";

	private static final String SECRET_PREFIX = "whsec_";

	private static final byte[] SEPARATOR = { '.' };

	private static final JsonPointer ID = PayloadFields.field("id");

	private static final JsonPointer TYPE = PayloadFields.field("type");

	private final JsonMapper jsonMapper;

	private final PerEndpoint<DeliveryFields> deliveryFields = new PerEndpoint<>(DeliveryFields::of);

	/**
	 * Creates a provider.
	 * @param jsonMapper the mapper to read the payload's {@code id} and {@code type} with
	 */
	public StripeProvider(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public String name() {
		return "stripe";
	}

	@Override
	public void validate(WebhookEndpoint endpoint) {
		List<String> secrets = EndpointSecrets.require(endpoint,
				"the endpoint's signing secret (whsec_...) from the Stripe Dashboard");
		this.deliveryFields.get(endpoint);
		for (String secret : secrets) {
			if (!secret.startsWith(SECRET_PREFIX)) {
				throw EndpointSecrets.invalid(endpoint, "a Stripe signing secret starts with 'whsec_'",
						"Copy the endpoint's signing secret from the Stripe Dashboard (Developers > Webhooks), "
								+ "not an API key.");
			}
			if (secret.length() == SECRET_PREFIX.length()) {
				// the whole text is the key, so this one would be known to anyone
				throw EndpointSecrets.invalid(endpoint, "nothing follows 'whsec_'",
						"Copy the endpoint's whole signing secret from the Stripe Dashboard (Developers > "
								+ "Webhooks); check that a placeholder completing it resolved.");
			}
		}
	}

	@Override
	public VerifiedDelivery verify(WebhookRequest request, WebhookEndpoint endpoint, Clock clock) {
		TimestampedSignatures header = TimestampedSignatures.parse(SIGNATURE_HEADER,
				SignatureHeader.require(request, SIGNATURE_HEADER), ',', "t", "v1");
		Instant timestamp = TimestampTolerance.parseEpochSeconds(header.timestamp(), SIGNATURE_HEADER + " timestamp");
		byte[] signedTimestamp = header.timestamp().getBytes(StandardCharsets.UTF_8);
		if (!Hmac.SHA256.signedByAny(EndpointSecrets.of(endpoint), header.signatures(), signedTimestamp, SEPARATOR,
				request.body())) {
			throw SignatureHeader.invalid("No v1 signature in the " + SIGNATURE_HEADER
					+ " header matches the endpoint's secrets");
		}
		TimestampTolerance.check(timestamp, ChronoUnit.SECONDS, clock, endpoint.tolerance());
		DeliveryFields deliveryFields = this.deliveryFields.get(endpoint);
		RequestFields fields = deliveryFields.fields(request, this.jsonMapper, TYPE, ID);
		String eventType = deliveryFields.eventType(fields, () -> fields.json().text(TYPE));
		return new VerifiedDelivery(deliveryFields.deliveryId(fields, eventType, () -> fields.json().requireText(ID)),
				eventType, timestamp);
	}

}
