package dev.webhookreceiver.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.webhookreceiver.WebhookConfigurationException;
import dev.webhookreceiver.verify.HandshakeReply;
import dev.webhookreceiver.verify.VerifiedDelivery;
import dev.webhookreceiver.verify.WebhookEndpoint;
import dev.webhookreceiver.verify.WebhookProvider;
import dev.webhookreceiver.verify.WebhookRejectedException;
import dev.webhookreceiver.verify.WebhookRejectedException.Reason;
import dev.webhookreceiver.verify.WebhookRequest;

import org.springframework.stereotype.Component;

/**
 * The custom provider of {@code docs/providers.md}, verbatim but for the package: Twitch
 * EventSub, which signs an RFC 3339 timestamp and asks for its challenge back, so the generic
 * {@code hmac} provider cannot serve it.
 */
@Component("twitch")
class TwitchEventSubProvider implements WebhookProvider {

	private static final String ID = "Twitch-Eventsub-Message-Id";

	private static final String TIMESTAMP = "Twitch-Eventsub-Message-Timestamp";

	private static final String SIGNATURE = "Twitch-Eventsub-Message-Signature";

	private static final String MESSAGE_TYPE = "Twitch-Eventsub-Message-Type";

	private static final String SUBSCRIPTION_TYPE = "Twitch-Eventsub-Subscription-Type";

	private static final String VERIFICATION = "webhook_callback_verification";

	private final JsonMapper jsonMapper;

	TwitchEventSubProvider(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public String name() {
		return "twitch";
	}

	@Override
	public void validate(WebhookEndpoint endpoint) {
		for (String secret : endpoint.secrets()) {
			if (secret.length() < 10 || secret.length() > 100) {
				throw new WebhookConfigurationException(endpoint.propertyPrefix() + ".secret has " + secret.length()
						+ " characters, but a Twitch EventSub secret has 10 to 100.",
						"Set it to the secret given when the EventSub subscription was created.");
			}
		}
	}

	@Override
	public VerifiedDelivery verify(WebhookRequest request, WebhookEndpoint endpoint, Clock clock) {
		String id = header(request, ID, Reason.MISSING_SIGNATURE);
		String timestamp = header(request, TIMESTAMP, Reason.MISSING_SIGNATURE);
		byte[] signature = header(request, SIGNATURE, Reason.MISSING_SIGNATURE).getBytes(StandardCharsets.UTF_8);
		boolean signed = false;
		for (String secret : endpoint.secrets()) {
			byte[] expected = ("sha256=" + HexFormat.of().formatHex(hmacSha256(secret, id, timestamp, request.body())))
				.getBytes(StandardCharsets.UTF_8);
			signed |= MessageDigest.isEqual(expected, signature);
		}
		if (!signed) {
			throw new WebhookRejectedException(Reason.INVALID_SIGNATURE,
					"The " + SIGNATURE + " header matches none of the endpoint's secrets");
		}
		Instant sentAt;
		try {
			sentAt = Instant.parse(timestamp);
		}
		catch (DateTimeParseException ex) {
			throw new WebhookRejectedException(Reason.INVALID_SIGNATURE, TIMESTAMP + " is not an RFC 3339 time");
		}
		Duration offset = Duration.between(sentAt, clock.instant()).abs();
		if (offset.compareTo(endpoint.tolerance()) > 0) {
			throw new WebhookRejectedException(Reason.STALE_TIMESTAMP, "The message was sent " + offset.toSeconds()
					+ " s from now, tolerance is " + endpoint.tolerance().toSeconds() + " s");
		}
		String messageType = header(request, MESSAGE_TYPE, Reason.MALFORMED);
		if (messageType.equals(VERIFICATION) && challenge(request) == null) {
			throw new WebhookRejectedException(Reason.MALFORMED, "The verification request has no challenge");
		}
		// Notifications have the subscription type (channel.follow); revocations are "revocation".
		String eventType = messageType.equals("notification") ? header(request, SUBSCRIPTION_TYPE, Reason.MALFORMED)
				: messageType;
		return new VerifiedDelivery(id, eventType, sentAt);
	}

	@Override
	public @Nullable HandshakeReply handshake(WebhookRequest request, WebhookEndpoint endpoint,
			VerifiedDelivery delivery) {
		return VERIFICATION.equals(request.header(MESSAGE_TYPE)) ? HandshakeReply.text(challenge(request)) : null;
	}

	private @Nullable String challenge(WebhookRequest request) {
		try {
			JsonNode challenge = this.jsonMapper.readTree(request.body()).path("challenge");
			return challenge.isString() ? challenge.asString() : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static String header(WebhookRequest request, String name, Reason reasonIfMissing) {
		String value = request.header(name);
		if (value == null || value.isBlank()) {
			throw new WebhookRejectedException(reasonIfMissing, "The " + name + " header is missing");
		}
		return value;
	}

	private static byte[] hmacSha256(String secret, String id, String timestamp, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			mac.update(id.getBytes(StandardCharsets.UTF_8));
			mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
			return mac.doFinal(body);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
