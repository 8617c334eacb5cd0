package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;

import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

/**
 * Verifies Twilio requests: {@code X-Twilio-Signature: <base64 HMAC-SHA1>}, keyed with the
 * account's auth token, of the request URL as Twilio requested it followed by the form
 * parameters of the body, sorted by name, each name followed by its value. For bodies other
 * than forms (JSON), Twilio adds {@code bodySHA256=<hex SHA-256 of the body>} to the URL: the
 * signature then covers the URL alone, and the body must have that hash.
 * <p>
 * Twilio signs sometimes with, sometimes without the default port, so the URL is tried without
 * a port and with one (the default port of its scheme if it has none), as Twilio's SDKs do. Behind
 * a proxy the URL must be the one Twilio saw (Spring Boot's
 * {@code server.forward-headers-strategy}).
 * <p>
 * Stricter than Twilio's SDKs: the values of a repeated parameter are not de-duplicated before
 * signing, and a form body must be encoded as Twilio encodes it (every parameter
 * {@code name=value}, spaces as {@code +}, upper-case percent-escapes), because the signature
 * covers the decoded parameters, not the bytes: this way no other body verifies with the same
 * signature, except one with the parameters in another order.
 * <p>
 * The delivery id is the {@code I-Twilio-Idempotency-Token} header, which Twilio keeps across
 * retries, else the SHA-256 of the URL and the body. Twilio signs neither, nor any timestamp.
 * The event type is read from the body's {@code EventType}, {@code SmsStatus},
 * {@code CallStatus} or {@code MessageStatus}, the first present, else it is empty. The
 * endpoint's {@code delivery-id} and {@code event-type} override both.
 * <p>
 * A handler's reply, TwiML, is written as {@code text/xml} (or {@code application/xml}).
 */
public final class TwilioProvider implements WebhookProvider {

	private static final String SIGNATURE_HEADER = "X-Twilio-Signature";

	private static final String IDEMPOTENCY_HEADER = "I-Twilio-Idempotency-Token";

	private static final String BODY_HASH_PARAMETER = "bodySHA256";

	private static final List<String> EVENT_FIELDS = List.of("EventType", "SmsStatus", "CallStatus",
			"MessageStatus");

	private static final JsonPointer[] EVENT_POINTERS = PayloadFields.fields(EVENT_FIELDS);

	private final JsonMapper jsonMapper;

	private final PerEndpoint<DeliveryFields> deliveryFields = new PerEndpoint<>(DeliveryFields::of);

	/**
	 * Creates a provider.
	 * @param jsonMapper the mapper to read the event type of JSON bodies with
	 */
	public TwilioProvider(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public String name() {
		return "twilio";
	}

	@Override
	public void validate(WebhookEndpoint endpoint) {
		EndpointSecrets.require(endpoint, "the account's Auth Token (Twilio Console > Account Info)");
		this.deliveryFields.get(endpoint);
	}

	@Override
	public List<MediaType> replyMediaTypes() {
		return List.of(MediaType.TEXT_XML, MediaType.APPLICATION_XML);
	}

	@Override
	public VerifiedDelivery verify(WebhookRequest request, WebhookEndpoint endpoint, Clock clock) {
		byte[] signature = SignatureEncoding.BASE64.decode(SignatureHeader.require(request, SIGNATURE_HEADER));
		if (signature == null) {
			throw SignatureHeader.invalid("The " + SIGNATURE_HEADER + " header is not Base64");
		}
		DeliveryFields deliveryFields = this.deliveryFields.get(endpoint);
		RequestFields fields = deliveryFields.fields(request, this.jsonMapper,
				deliveryFields.overridesEventType() ? new JsonPointer[0] : EVENT_POINTERS.clone());
		String bodyHash = bodyHashParameter(request.url());
		byte[][] signedContent = (bodyHash != null) ? new byte[1][] : signedContent(fields);
		if (!signedByAny(endpoint, signature, request.url(), signedContent)) {
			throw SignatureHeader.invalid("The " + SIGNATURE_HEADER
					+ " signature matches none of the endpoint's secrets for this URL");
		}
		if (bodyHash != null && !MessageDigest.isEqual(bodyHash.getBytes(StandardCharsets.UTF_8),
				BodyHash.sha256Hex(request.body()).getBytes(StandardCharsets.UTF_8))) {
			throw SignatureHeader.invalid("The body's SHA-256 is not the " + BODY_HASH_PARAMETER + " of the URL");
		}
		boolean form = bodyHash == null;
		String eventType = deliveryFields.eventType(fields, () -> eventType(fields, form));
		String deliveryId = deliveryFields.deliveryId(fields, eventType, () -> {
			String idempotencyToken = request.header(IDEMPOTENCY_HEADER);
			return (idempotencyToken != null && !idempotencyToken.isBlank()) ? idempotencyToken
					: BodyHash.sha256Hex(request.url().getBytes(StandardCharsets.UTF_8), request.body());
		});
		return new VerifiedDelivery(deliveryId, eventType, null);
	}

	private static @Nullable String eventType(RequestFields fields, boolean form) {
		for (int i = 0; i < EVENT_FIELDS.size(); i++) {
			String value = form ? fields.form().getFirst(EVENT_FIELDS.get(i))
					: fields.json().text(EVENT_POINTERS[i]);
			if (value != null && !value.isBlank()) {
				return value;
			}
		}
		return null;
	}

	/**
	 * The signed content after the URL of a request without {@code bodySHA256}: its form
	 * parameters, sorted, each name followed by its value.
	 */
	private static byte[][] signedContent(RequestFields fields) {
		if (!FormFields.isForm(fields.request())) {
			throw SignatureHeader.invalid("The URL has no " + BODY_HASH_PARAMETER
					+ " parameter and the body is not form-encoded, so the signature would not cover the body");
		}
		if (!isEncodedAsTwilioEncodes(fields.request().body())) {
			throw SignatureHeader.invalid("The form body is not encoded as Twilio encodes it");
		}
		MultiValueMap<String, String> parameters = fields.form();
		List<byte[]> content = new ArrayList<>();
		content.add(new byte[0]);
		parameters.keySet().stream().sorted().forEach((name) -> {
			byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
			parameters.get(name).stream().sorted().forEach((value) -> {
				content.add(nameBytes);
				content.add(value.getBytes(StandardCharsets.UTF_8));
			});
		});
		return content.toArray(new byte[0][]);
	}

	/**
	 * Whether a form body is in the one encoding that Twilio sends: {@code name=value} pairs
	 * joined by {@code &}, no raw space, percent-escapes with upper-case hex digits. Other
	 * encodings of the same parameters would verify with the same signature.
	 */
	static boolean isEncodedAsTwilioEncodes(byte[] body) {
		if (body.length == 0) {
			return true;
		}
		boolean equalsSeen = false;
		int nameLength = 0;
		for (int i = 0; i < body.length; i++) {
			byte b = body[i];
			if (b == '&') {
				if (!equalsSeen || nameLength == 0) {
					return false;
				}
				equalsSeen = false;
				nameLength = 0;
				continue;
			}
			if (b == '=') {
				if (equalsSeen || nameLength == 0) {
					return false;
				}
				equalsSeen = true;
				continue;
			}
			if (b == ' ') {
				return false;
			}
			if (b == '%') {
				if (i + 2 >= body.length || !isUpperCaseHexDigit(body[i + 1]) || !isUpperCaseHexDigit(body[i + 2])) {
					return false;
				}
				i += 2;
			}
			if (!equalsSeen) {
				nameLength++;
			}
		}
		return equalsSeen && nameLength > 0;
	}

	private static boolean isUpperCaseHexDigit(byte b) {
		return (b >= '0' && b <= '9') || (b >= 'A' && b <= 'F');
	}

	private static boolean signedByAny(WebhookEndpoint endpoint, byte[] signature, String url,
			byte[][] signedContent) {
		List<String> secrets = EndpointSecrets.of(endpoint);
		for (String variant : urlVariants(url)) {
			signedContent[0] = variant.getBytes(StandardCharsets.UTF_8);
			if (Hmac.SHA1.signedByAny(secrets, List.of(signature), signedContent)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The URLs Twilio may have signed for a request URL: without a port, and with one (the
	 * default port of the scheme if the URL has none), as Twilio's SDKs try them.
	 * @param url the request URL
	 * @return the distinct variants
	 */
	static List<String> urlVariants(String url) {
		int schemeEnd = url.indexOf("://");
		if (schemeEnd <= 0) {
			return List.of(url);
		}
		int authorityStart = schemeEnd + 3;
		int authorityEnd = authorityStart;
		while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) == -1) {
			authorityEnd++;
		}
		String authority = url.substring(authorityStart, authorityEnd);
		int colon = authority.lastIndexOf(':');
		boolean hasPort = colon > authority.lastIndexOf('@') && colon > authority.lastIndexOf(']');
		String withoutPort = hasPort ? url.substring(0, authorityStart + colon) + url.substring(authorityEnd) : url;
		String withPort = url;
		if (!hasPort) {
			String defaultPort = switch (url.substring(0, schemeEnd).toLowerCase(Locale.ROOT)) {
				case "https" -> "443";
				case "http" -> "80";
				default -> null;
			};
			if (defaultPort != null) {
				withPort = url.substring(0, authorityEnd) + ":" + defaultPort + url.substring(authorityEnd);
			}
		}
		return withoutPort.equals(withPort) ? List.of(url) : List.of(withoutPort, withPort);
	}

	/**
	 * The value of the URL's {@code bodySHA256} query parameter.
	 * @param url the request URL
	 * @return the value, or {@code null} if there is none
	 * @throws WebhookRejectedException {@link Reason#INVALID_SIGNATURE} if there are several
	 */
	private static @Nullable String bodyHashParameter(String url) {
		int query = url.indexOf('?');
		if (query == -1) {
			return null;
		}
		int fragment = url.indexOf('#', query);
		String value = null;
		for (String parameter : url.substring(query + 1, (fragment != -1) ? fragment : url.length()).split("&")) {
			int equals = parameter.indexOf('=');
			String name = (equals != -1) ? parameter.substring(0, equals) : parameter;
			if (name.equals(BODY_HASH_PARAMETER)) {
				if (value != null) {
					throw SignatureHeader.invalid("The URL has more than one " + BODY_HASH_PARAMETER + " parameter");
				}
				value = (equals != -1) ? parameter.substring(equals + 1) : "";
			}
		}
		return value;
	}

}
