package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

/**
 * Verifies Discord interactions: {@code X-Signature-Ed25519: <hex Ed25519 signature>} of
 * {@code X-Signature-Timestamp + body}, checked with the application's public key (its hex
 * text, as the Developer Portal shows it, is the endpoint's secret). Discord's library applies
 * no time window; the timestamp must nevertheless be within the endpoint's tolerance in both
 * directions.
 * <p>
 * The delivery id is the interaction's {@code id} and the event type its numeric {@code type}
 * ({@code 2} for an application command), empty if absent; the endpoint's {@code delivery-id}
 * and {@code event-type} override both. A verified PING ({@code type} 1) is answered with
 * {@code {"type":1}} and not processed as a delivery. A handler's reply, the interaction
 * response, is written as JSON.
 */
public final class DiscordProvider implements WebhookProvider {

	private static final String SIGNATURE_HEADER = "X-Signature-Ed25519";

	private static final String TIMESTAMP_HEADER = "X-Signature-Timestamp";

	private static final long PING = 1;

	private static final JsonPointer ID = PayloadFields.field("id");

	private static final JsonPointer TYPE = PayloadFields.field("type");

	private final JsonMapper jsonMapper;

	private final Map<WebhookEndpoint, List<PublicKey>> publicKeys = new ConcurrentHashMap<>();

	private final PerEndpoint<DeliveryFields> deliveryFields = new PerEndpoint<>(DeliveryFields::of);

	/**
	 * Creates a provider.
	 * @param jsonMapper the mapper to read the interaction's {@code id} and {@code type} with
	 */
	public DiscordProvider(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public String name() {
		return "discord";
	}

	@Override
	public void validate(WebhookEndpoint endpoint) {
		List<String> secrets = EndpointSecrets.require(endpoint,
				"the application's Public Key (Developer Portal > General Information)");
		for (String secret : secrets) {
			if (publicKey(secret) == null) {
				throw EndpointSecrets.invalid(endpoint, "it is not the hex text of a 32-byte Ed25519 public key",
						"Copy the application's Public Key (64 hex digits) from the Developer Portal's General "
								+ "Information page; it is not the client secret or the bot token.");
			}
		}
		this.publicKeys.put(endpoint, publicKeys(endpoint));
		this.deliveryFields.get(endpoint);
	}

	@Override
	public VerifiedDelivery verify(WebhookRequest request, WebhookEndpoint endpoint, Clock clock) {
		String header = SignatureHeader.require(request, SIGNATURE_HEADER);
		String timestampText = SignatureHeader.require(request, TIMESTAMP_HEADER);
		Instant timestamp = TimestampTolerance.parseEpochSeconds(timestampText, TIMESTAMP_HEADER + " header");
		byte[] signature = SignatureEncoding.HEX.decode(header);
		if (signature == null) {
			throw SignatureHeader.invalid("The " + SIGNATURE_HEADER + " header is not hex");
		}
		byte[] signedTimestamp = timestampText.getBytes(StandardCharsets.UTF_8);
		boolean verified = false;
		// keys of secrets that a resolver supplies per request are not kept
		List<PublicKey> keys = this.publicKeys.get(endpoint);
		for (PublicKey key : (keys != null) ? keys : publicKeys(endpoint)) {
			verified |= Ed25519.verify(key, signature, signedTimestamp, request.body());
		}
		if (!verified) {
			throw SignatureHeader.invalid(
					"The " + SIGNATURE_HEADER + " signature matches none of the endpoint's public keys");
		}
		TimestampTolerance.check(timestamp, ChronoUnit.SECONDS, clock, endpoint.tolerance());
		DeliveryFields deliveryFields = this.deliveryFields.get(endpoint);
		RequestFields fields = deliveryFields.fields(request, this.jsonMapper, TYPE, ID);
		Long type = fields.json().longValue(TYPE);
		// the PING is the sender's own handshake, whatever the endpoint overrides
		String eventType = (type != null && type == PING) ? String.valueOf(PING)
				: deliveryFields.eventType(fields, () -> (type != null) ? String.valueOf(type) : null);
		return new VerifiedDelivery(deliveryFields.deliveryId(fields, eventType, () -> fields.json().requireText(ID)),
				eventType, timestamp);
	}

	@Override
	public @Nullable HandshakeReply handshake(WebhookRequest request, WebhookEndpoint endpoint,
			VerifiedDelivery delivery) {
		return delivery.eventType().equals(String.valueOf(PING)) ? HandshakeReply.json("{\"type\":1}") : null;
	}

	@Override
	public List<MediaType> replyMediaTypes() {
		return List.of(MediaType.APPLICATION_JSON);
	}

	private static List<PublicKey> publicKeys(WebhookEndpoint endpoint) {
		List<PublicKey> keys = new ArrayList<>();
		for (String secret : EndpointSecrets.of(endpoint)) {
			PublicKey key = publicKey(secret);
			if (key != null) {
				keys.add(key);
			}
		}
		return List.copyOf(keys);
	}

	private static @Nullable PublicKey publicKey(String secret) {
		byte[] raw = SignatureEncoding.HEX.decode(secret.strip().toLowerCase(Locale.ROOT));
		return (raw != null) ? Ed25519.publicKey(raw) : null;
	}

}
