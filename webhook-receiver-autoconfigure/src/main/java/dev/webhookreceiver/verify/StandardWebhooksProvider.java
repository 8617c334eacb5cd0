package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies <a href="https://www.standardwebhooks.com">Standard Webhooks</a> deliveries, and
 * with other header names those of Svix: {@code webhook-signature} is a space-separated list of
 * {@code v1,<base64>} entries, each an HMAC-SHA256 of {@code id + "." + timestamp + "." + body}
 * keyed with the Base64-decoded secret ({@code whsec_<base64>}).
 * <p>
 * The delivery id is the {@code webhook-id} header and the event type the payload's
 * {@code type}. The {@code webhook-timestamp} must be within the tolerance in both
 * directions.
 */
public final class StandardWebhooksProvider implements WebhookProvider {

	private static final String SECRET_PREFIX = "whsec_";

	private static final byte[] SEPARATOR = { '.' };

	private final String name;

	private final String idHeader;

	private final String timestampHeader;

	private final String signatureHeader;

	private final JsonMapper jsonMapper;

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
		List<String> secrets = EndpointSecrets.require(endpoint, "the endpoint's signing secret (whsec_...)");
		for (String secret : secrets) {
			if (hmacKey(secret) == null) {
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
		List<byte[]> signatures = parseSignatures(header);
		byte[][] signedContent = { id.getBytes(StandardCharsets.UTF_8), SEPARATOR,
				timestampText.getBytes(StandardCharsets.UTF_8), SEPARATOR, request.body() };
		if (!matchesAnySecret(signatures, signedContent, endpoint)) {
			throw SignatureHeader.invalid("No v1 signature in the " + this.signatureHeader
					+ " header matches the endpoint's secrets");
		}
		TimestampTolerance.check(timestamp, ChronoUnit.SECONDS, clock, endpoint.tolerance());
		String eventType = PayloadFields.parse(this.jsonMapper, request.body()).requireText("type");
		return new VerifiedDelivery(id, eventType, timestamp);
	}

	private List<byte[]> parseSignatures(String header) {
		List<String> entries = new ArrayList<>();
		for (String entry : header.split(" ")) {
			if (!entry.isEmpty()) {
				entries.add(entry);
			}
		}
		SignatureHeader.checkSignatureCount(this.signatureHeader, entries.size());
		List<byte[]> signatures = new ArrayList<>();
		for (String entry : entries) {
			int comma = entry.indexOf(',');
			if (comma != -1 && entry.substring(0, comma).equals("v1")) {
				byte @Nullable [] signature = SignatureEncoding.BASE64.decode(entry.substring(comma + 1));
				if (signature != null) {
					signatures.add(signature);
				}
			}
		}
		return signatures;
	}

	private boolean matchesAnySecret(List<byte[]> signatures, byte[][] signedContent, WebhookEndpoint endpoint) {
		if (signatures.isEmpty()) {
			return false;
		}
		for (String secret : EndpointSecrets.of(endpoint)) {
			byte[] key = hmacKey(secret);
			if (key != null && ConstantTime.equalsAny(Hmac.SHA256.compute(key, signedContent), signatures)) {
				return true;
			}
		}
		return false;
	}

	private static byte @Nullable [] hmacKey(String secret) {
		String base64 = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
		return SignatureEncoding.BASE64.decode(base64);
	}

}
