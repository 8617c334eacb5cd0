package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The {@code v0} signature scheme of Slack, which Zoom adopted: {@code v0=<hex HMAC-SHA256>} of
 * {@code "v0:" + timestamp + ":" + body}, keyed with the UTF-8 bytes of the secret, the
 * timestamp (Unix seconds) in a header of its own and within the tolerance in both directions.
 */
final class V0Signature {

	private static final String PREFIX = "v0=";

	private static final byte[] VERSION = "v0:".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] SEPARATOR = { ':' };

	private final String signatureHeader;

	private final String timestampHeader;

	/**
	 * Creates the scheme for a sender's header names.
	 * @param signatureHeader the header of the signature
	 * @param timestampHeader the header of the timestamp
	 */
	V0Signature(String signatureHeader, String timestampHeader) {
		this.signatureHeader = signatureHeader;
		this.timestampHeader = timestampHeader;
	}

	/**
	 * Verifies a request's signature, then its timestamp.
	 * @param request the request
	 * @param endpoint the endpoint, for its secrets and tolerance
	 * @param clock the clock
	 * @return the signed timestamp
	 * @throws WebhookRejectedException if a header is missing or malformed, no secret signed the
	 * request, or the timestamp is outside the tolerance
	 */
	Instant verify(WebhookRequest request, WebhookEndpoint endpoint, Clock clock) {
		String header = SignatureHeader.require(request, this.signatureHeader);
		String timestampText = SignatureHeader.require(request, this.timestampHeader);
		Instant timestamp = TimestampTolerance.parseEpochSeconds(timestampText, this.timestampHeader + " header");
		byte[] signature = decode(header);
		if (signature == null) {
			throw SignatureHeader.invalid("The " + this.signatureHeader + " header is not of the form v0=<hex>");
		}
		if (!Hmac.SHA256.signedByAny(EndpointSecrets.of(endpoint), List.of(signature),
				signedContent(timestampText, request.body()))) {
			throw SignatureHeader.invalid(
					"The " + this.signatureHeader + " signature matches none of the endpoint's secrets");
		}
		TimestampTolerance.check(timestamp, ChronoUnit.SECONDS, clock, endpoint.tolerance());
		return timestamp;
	}

	/**
	 * Finds which of the endpoint's secrets signed a verified request, for answers that the
	 * sender checks with the same secret.
	 * @param request the verified request
	 * @param endpoint the endpoint
	 * @return the secret, or {@code null} if none signed the request
	 */
	@Nullable String signingSecret(WebhookRequest request, WebhookEndpoint endpoint) {
		String header = request.header(this.signatureHeader);
		String timestampText = request.header(this.timestampHeader);
		byte[] signature = (header != null) ? decode(header) : null;
		if (signature == null || timestampText == null) {
			return null;
		}
		byte[][] signedContent = signedContent(timestampText, request.body());
		for (String secret : EndpointSecrets.of(endpoint)) {
			if (Hmac.SHA256.signedByAny(List.of(secret), List.of(signature), signedContent)) {
				return secret;
			}
		}
		return null;
	}

	private static byte @Nullable [] decode(String header) {
		return header.startsWith(PREFIX) ? SignatureEncoding.HEX.decode(header.substring(PREFIX.length())) : null;
	}

	private static byte[][] signedContent(String timestamp, byte[] body) {
		return new byte[][] { VERSION, timestamp.getBytes(StandardCharsets.UTF_8), SEPARATOR, body };
	}

}
