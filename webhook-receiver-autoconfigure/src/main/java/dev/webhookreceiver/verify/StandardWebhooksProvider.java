package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies <a href="https://www.standardwebhooks.com">Standard Webhooks</a> deliveries, and
 * with other header names those of Svix. {@code webhook-signature} is a space-separated list
 * of signatures over {@code id + "." + timestamp + "." + body}:
 * <ul>
 * <li>{@code v1,<base64>}: HMAC-SHA256 keyed with the Base64-decoded secret
 * ({@code whsec_<base64>}, or the Base64 alone);</li>
 * <li>{@code v1a,<base64>}: Ed25519, checked with a public key secret
 * ({@code whpk_<base64 of the 32-byte key>}).</li>
 * </ul>
 * Each secret checks only the entries of its own version. The delivery id is the
 * {@code webhook-id} header and the event type the payload's {@code type}, unless the
 * endpoint's {@code delivery-id} or {@code event-type} says otherwise. The specification does
 * not require a {@code type}: a delivery without one has the empty event type. The
 * {@code webhook-timestamp} must be within the tolerance in both directions.
 */
public final class StandardWebhooksProvider implements WebhookProvider {

	private static final String SECRET_PREFIX = "whsec_";

	private static final String PUBLIC_KEY_PREFIX = "whpk_";

	private static final String SIGNING_KEY_PREFIX = "whsk_";

	private static final byte[] SEPARATOR = { '.' };

	private static final JsonPointer TYPE = PayloadFields.field("type");

	private static final Hmac.Keys HMAC_KEYS = Hmac.SHA256.keys(StandardWebhooksProvider::hmacKey);

	private final String name;

	private final String idHeader;

	private final String timestampHeader;

	private final String signatureHeader;

	private final JsonMapper jsonMapper;

	private final PerEndpoint<DeliveryFields> deliveryFields = new PerEndpoint<>(DeliveryFields::of);

	/**
	 * Creates the {@code standard-webhooks} provider, reading {@code webhook-*} headers.
	 * @param jsonMapper the mapper to read the payload's {@code type} with
	 */
	public StandardWebhooksProvider(JsonMapper jsonMapper) {
		this("standard-webhooks", "webhook-", jsonMapper);
	}

	/**
	 * Creates a provider for a sender that follows Standard Webhooks under other header
	 * names, such as Svix ({@code "svix", "svix-"}).
	 * @param name the provider name
	 * @param headerPrefix the prefix of the {@code id}, {@code timestamp} and
	 * {@code signature} headers
	 * @param jsonMapper the mapper to read the payload's {@code type} with
	 */
	public StandardWebhooksProvider(String name, String headerPrefix, JsonMapper jsonMapper) {
		this.name = name;
		this.idHeader = headerPrefix + "id";
		this.timestampHeader = headerPrefix + "timestamp";
		this.signatureHeader = headerPrefix + "signature";
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Creates the {@code svix} provider, reading {@code svix-*} headers.
	 * @param jsonMapper the mapper to read the payload's {@code type} with
	 * @return the provider
	 */
	public static StandardWebhooksProvider svix(JsonMapper jsonMapper) {
		return new StandardWebhooksProvider("svix", "svix-", jsonMapper);
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public void validate(WebhookEndpoint endpoint) {
		List<String> secrets = EndpointSecrets.require(endpoint,
				"the endpoint's signing secret (whsec_...) or public key (whpk_...)");
		this.deliveryFields.get(endpoint);
		for (String secret : secrets) {
			if (secret.startsWith(SIGNING_KEY_PREFIX)) {
				throw EndpointSecrets.invalid(endpoint, "a 'whsk_' secret is the sender's private signing key",
						"Configure the matching public key (whpk_...) instead; the signing key must stay with the "
								+ "sender, so replace it if it has been shared.");
			}
			if (secret.startsWith(PUBLIC_KEY_PREFIX)) {
				if (publicKey(secret) == null) {
					throw EndpointSecrets.invalid(endpoint,
							"the text after 'whpk_' is not the Base64 of a 32-byte Ed25519 public key",
							"Copy the public key exactly as the sender shows it.");
				}
			}
			else if (hmacKey(secret) == null) {
				throw EndpointSecrets.invalid(endpoint, "the text after 'whsec_' is not valid Base64",
						"Copy the signing secret exactly as the sender shows it, 'whsec_' followed by Base64.");
			}
		}
	}

	@Override
	public VerifiedDelivery verify(WebhookRequest request, WebhookEndpoint endpoint, Clock clock) {
		String id = SignatureHeader.require(request, this.idHeader);
		String timestampText = SignatureHeader.require(request, this.timestampHeader);
		String header = SignatureHeader.require(request, this.signatureHeader);
		Instant timestamp = TimestampTolerance.parseEpochSeconds(timestampText, this.timestampHeader + " header");
		Signatures signatures = Signatures.parse(header, this.signatureHeader);
		byte[][] signedContent = { id.getBytes(StandardCharsets.UTF_8), SEPARATOR,
				timestampText.getBytes(StandardCharsets.UTF_8), SEPARATOR, request.body() };
		if (!matchesAnySecret(signatures, signedContent, endpoint)) {
			throw SignatureHeader.invalid("No signature in the " + this.signatureHeader
					+ " header matches the endpoint's secrets");
		}
		TimestampTolerance.check(timestamp, ChronoUnit.SECONDS, clock, endpoint.tolerance());
		DeliveryFields deliveryFields = this.deliveryFields.get(endpoint);
		RequestFields fields = deliveryFields.fields(request, this.jsonMapper, TYPE);
		String eventType = deliveryFields.eventType(fields, () -> fields.json().text(TYPE));
		return new VerifiedDelivery(deliveryFields.deliveryId(fields, eventType, () -> id), eventType, timestamp);
	}

	private static boolean matchesAnySecret(Signatures signatures, byte[][] signedContent,
			WebhookEndpoint endpoint) {
		for (String secret : EndpointSecrets.of(endpoint)) {
			if (secret.startsWith(PUBLIC_KEY_PREFIX)) {
				PublicKey key = publicKey(secret);
				if (key != null && signatures.asymmetric().stream()
					.anyMatch((signature) -> Ed25519.verify(key, signature, signedContent))) {
					return true;
				}
			}
			else if (!secret.startsWith(SIGNING_KEY_PREFIX) && !signatures.symmetric().isEmpty()) {
				Hmac.Key key = HMAC_KEYS.of(secret);
				if (key != null && ConstantTime.equalsAny(key.compute(signedContent), signatures.symmetric())) {
					return true;
				}
			}
		}
		return false;
	}

	private static byte @Nullable [] hmacKey(String secret) {
		String base64 = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
		return SignatureEncoding.BASE64.decode(base64);
	}

	private static @Nullable PublicKey publicKey(String secret) {
		byte[] raw = SignatureEncoding.BASE64.decode(secret.substring(PUBLIC_KEY_PREFIX.length()));
		return (raw != null) ? Ed25519.publicKey(raw) : null;
	}

	/**
	 * The decodable signatures of a signature header, by version; other versions are skipped.
	 *
	 * @param symmetric the {@code v1} (HMAC-SHA256) signatures
	 * @param asymmetric the {@code v1a} (Ed25519) signatures
	 */
	private record Signatures(List<byte[]> symmetric, List<byte[]> asymmetric) {

		static Signatures parse(String header, String headerName) {
			List<String> entries = new ArrayList<>();
			for (String entry : header.split(" ")) {
				if (!entry.isEmpty()) {
					entries.add(entry);
				}
			}
			SignatureHeader.checkSignatureCount(headerName, entries.size());
			Signatures signatures = new Signatures(new ArrayList<>(), new ArrayList<>());
			for (String entry : entries) {
				int comma = entry.indexOf(',');
				if (comma != -1) {
					signatures.add(entry.substring(0, comma), entry.substring(comma + 1));
				}
			}
			return signatures;
		}

		private void add(String version, String encoded) {
			boolean hmac = version.equals("v1");
			if (hmac || version.equals("v1a")) {
				byte @Nullable [] signature = SignatureEncoding.BASE64.decode(encoded);
				if (signature != null) {
					(hmac ? this.symmetric : this.asymmetric).add(signature);
				}
			}
		}

	}

}
