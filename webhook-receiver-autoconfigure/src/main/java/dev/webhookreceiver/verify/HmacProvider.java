package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.json.JsonMapper;

import dev.webhookreceiver.WebhookConfigurationException;
import dev.webhookreceiver.verify.FieldExpression.Property;
import dev.webhookreceiver.verify.FieldExpression.Source;
import dev.webhookreceiver.verify.WebhookEndpoint.SignatureSettings;

/**
 * Verifies the deliveries of any sender that signs them with an HMAC, configured field by
 * field: the {@code signature.header} that carries the signature, its {@code algorithm}
 * ({@code HmacSHA1}, {@code HmacSHA256}, {@code HmacSHA512}), {@code encoding} ({@code hex} in
 * either case, {@code base64}) and {@code prefix}, and the {@code signed-content}: a template
 * of {@code {id}}, {@code {timestamp}}, {@code {url}}, {@code {body}} and literal text, such as
 * {@code {timestamp}.{body}}. Any of the endpoint's secrets, as UTF-8, may have signed a
 * delivery; a header carries one signature.
 * <p>
 * The {@code timestamp} ({@code header:NAME}, Unix seconds) is optional; when configured it
 * must be signed and within the tolerance in both directions. The {@code delivery-id}
 * ({@code header:NAME}, {@code json:/pointer}, {@code xml:/pointer}, {@code form:NAME})
 * defaults to the SHA-256 of the body; {@code {id}} signs it and needs it in a header. The
 * {@code event-type} must be configured ({@code header:NAME}, {@code json:/pointer},
 * {@code xml:/pointer}, {@code form:NAME}, {@code fixed:NAME}); a delivery that has none there
 * has the empty event type. The settings are checked and parsed once, when the endpoint is
 * validated.
 */
public final class HmacProvider implements WebhookProvider {

	private static final List<Hmac> ALGORITHMS = List.of(Hmac.SHA256, Hmac.SHA512, Hmac.SHA1);

	private final JsonMapper jsonMapper;

	private final @Nullable XmlBodies xml;

	private final PerEndpoint<Settings> settings = new PerEndpoint<>(Settings::of);

	/**
	 * Creates a provider.
	 * @param jsonMapper the mapper to read {@code json:} expressions with
	 */
	public HmacProvider(JsonMapper jsonMapper) {
		this(jsonMapper, null);
	}

	/**
	 * Creates a provider that also reads {@code xml:} expressions.
	 * @param jsonMapper the mapper to read {@code json:} expressions with
	 * @param xml the reader of XML bodies for {@code xml:} expressions, or {@code null} if
	 * Jackson's XML module is absent
	 */
	public HmacProvider(JsonMapper jsonMapper, @Nullable XmlBodies xml) {
		this.jsonMapper = jsonMapper;
		this.xml = xml;
	}

	@Override
	public String name() {
		return "hmac";
	}

	@Override
	public void validate(WebhookEndpoint endpoint) {
		EndpointSecrets.require(endpoint, "the secret the sender signs deliveries with");
		this.settings.get(endpoint);
	}

	@Override
	public VerifiedDelivery verify(WebhookRequest request, WebhookEndpoint endpoint, Clock clock) {
		Settings settings = this.settings.get(endpoint);
		String header = SignatureHeader.require(request, settings.header());
		String timestampText = (settings.timestamp() != null)
				? SignatureHeader.require(request, settings.timestamp().name()) : null;
		Instant timestamp = (timestampText != null)
				? TimestampTolerance.parseEpochSeconds(timestampText, settings.timestamp().name() + " header") : null;
		String signedId = settings.signsId() ? SignatureHeader.require(request, settings.deliveryId().name()) : null;
		byte[] signature = settings.decode(header);
		if (signature == null) {
			throw SignatureHeader.invalid("The " + settings.header() + " header is not of the form "
					+ settings.prefix() + "<" + settings.encoding() + ">");
		}
		if (!settings.hmac().signedByAny(EndpointSecrets.of(endpoint), List.of(signature),
				settings.signedContent(request, signedId, timestampText))) {
			throw SignatureHeader.invalid(
					"The " + settings.header() + " signature matches none of the endpoint's secrets");
		}
		if (timestamp != null) {
			TimestampTolerance.check(timestamp, ChronoUnit.SECONDS, clock, endpoint.tolerance());
		}
		RequestFields fields = new RequestFields(request, this.jsonMapper, this.xml, settings.jsonFields());
		String eventType = settings.eventType().read(fields);
		if (eventType == null) {
			eventType = DeliveryFields.NO_EVENT_TYPE;
		}
		return new VerifiedDelivery(DeliveryId.read(settings.deliveryId(), fields, eventType), eventType, timestamp);
	}

	/**
	 * A value of the delivery in the signed content.
	 */
	private enum Placeholder {

		ID, TIMESTAMP, URL, BODY;

		String text() {
			return "{" + name().toLowerCase(Locale.ROOT) + "}";
		}

		static @Nullable Placeholder named(String text) {
			for (Placeholder placeholder : values()) {
				if (placeholder.text().equals(text)) {
					return placeholder;
				}
			}
			return null;
		}

	}

	/**
	 * A part of the signed content: a value of the delivery or literal text.
	 *
	 * @param placeholder the value, or {@code null} for literal text
	 * @param literal the literal text's UTF-8 bytes (empty for a value)
	 */
	private record Part(@Nullable Placeholder placeholder, byte[] literal) {

		static Part literal(String text) {
			return new Part(null, text.getBytes(StandardCharsets.UTF_8));
		}

		static Part of(Placeholder placeholder) {
			return new Part(placeholder, new byte[0]);
		}

		static boolean contains(List<Part> template, Placeholder placeholder) {
			return template.stream().anyMatch((part) -> part.placeholder() == placeholder);
		}

	}

	/**
	 * An endpoint's settings, checked and parsed once.
	 *
	 * @param header the signature header
	 * @param hmac the MAC algorithm
	 * @param encoding {@code hex} or {@code base64}
	 * @param prefix what precedes the encoded signature
	 * @param template the parts of the signed content
	 * @param timestamp where the timestamp is, or {@code null}
	 * @param deliveryId where the delivery id is, or {@code null} for the body's hash
	 * @param eventType where the event type is
	 */
	private record Settings(String header, Hmac hmac, String encoding, String prefix, List<Part> template,
			@Nullable FieldExpression timestamp, @Nullable FieldExpression deliveryId, FieldExpression eventType) {

		static Settings of(WebhookEndpoint endpoint) {
			SignatureSettings signature = endpoint.signature();
			String property = endpoint.propertyPrefix() + ".signature.";
			String header = signature.header();
			if (header == null || header.isBlank()) {
				throw new WebhookConfigurationException(property + "header is not set: the 'hmac' provider needs the "
						+ "header that carries the signature.", "Configure it, for example:\n" + example(endpoint));
			}
			if (!FieldExpression.isHeaderName(header)) {
				throw new WebhookConfigurationException(property + "header '" + header + "' is not a header name.",
						"Name the header that carries the signature, for example:\n" + example(endpoint));
			}
			Hmac hmac = ALGORITHMS.stream()
				.filter((candidate) -> candidate.algorithm().equalsIgnoreCase(signature.algorithm()))
				.findFirst()
				.orElseThrow(() -> new WebhookConfigurationException(property + "algorithm '" + signature.algorithm()
						+ "' is not supported.", "Use HmacSHA256, HmacSHA512 or HmacSHA1."));
			String encoding = signature.encoding().toLowerCase(Locale.ROOT);
			if (!encoding.equals("hex") && !encoding.equals("base64")) {
				throw new WebhookConfigurationException(property + "encoding '" + signature.encoding()
						+ "' is not supported.", "Use hex or base64.");
			}
			FieldExpression timestamp = FieldExpression.of(endpoint, Property.TIMESTAMP);
			FieldExpression deliveryId = FieldExpression.of(endpoint, Property.DELIVERY_ID);
			FieldExpression eventType = FieldExpression.required(endpoint, Property.EVENT_TYPE);
			List<Part> template = template(endpoint, timestamp, deliveryId);
			return new Settings(header, hmac, encoding, signature.prefix(), template, timestamp, deliveryId,
					eventType);
		}

		private static List<Part> template(WebhookEndpoint endpoint, @Nullable FieldExpression timestamp,
				@Nullable FieldExpression deliveryId) {
			String property = endpoint.propertyPrefix() + ".signature.signed-content";
			String text = endpoint.signature().signedContent();
			String help = "Use {id}, {timestamp}, {url} and {body} with literal text between them, for example "
					+ "'signed-content: \"{timestamp}.{body}\"'.";
			List<Part> template = new ArrayList<>();
			int start = 0;
			while (start < text.length()) {
				int open = text.indexOf('{', start);
				int close = text.indexOf('}', start);
				if (close != -1 && (open == -1 || close < open)) {
					throw new WebhookConfigurationException(property + " '" + text + "' has a '}' without '{'.", help);
				}
				if (open == -1) {
					template.add(Part.literal(text.substring(start)));
					break;
				}
				if (open > start) {
					template.add(Part.literal(text.substring(start, open)));
				}
				if (close == -1) {
					throw new WebhookConfigurationException(property + " '" + text + "' has a '{' without '}'.", help);
				}
				String name = text.substring(open, close + 1);
				Placeholder placeholder = Placeholder.named(name);
				if (placeholder == null) {
					throw new WebhookConfigurationException(
							property + " '" + text + "' has the unknown placeholder " + name + ".", help);
				}
				template.add(Part.of(placeholder));
				start = close + 1;
			}
			if (!Part.contains(template, Placeholder.BODY)) {
				throw new WebhookConfigurationException(property + " '" + text + "' does not contain {body}, so the "
						+ "body would not be verified.", help);
			}
			String prefix = endpoint.propertyPrefix();
			if (Part.contains(template, Placeholder.TIMESTAMP) && timestamp == null) {
				throw new WebhookConfigurationException(property + " contains {timestamp} but " + prefix
						+ ".timestamp is not set.",
						"Set it to the header of the timestamp, for example 'timestamp: header:X-Timestamp'.");
			}
			if (!Part.contains(template, Placeholder.TIMESTAMP) && timestamp != null) {
				throw new WebhookConfigurationException(prefix + ".timestamp is set but " + property
						+ " does not contain {timestamp}: a timestamp that is not signed does not protect against "
						+ "replays.", "Add {timestamp} where the sender signs it, for example "
								+ "'signed-content: \"{timestamp}.{body}\"', or remove " + prefix + ".timestamp.");
			}
			if (Part.contains(template, Placeholder.ID)
					&& (deliveryId == null || deliveryId.source() != Source.HEADER)) {
				throw new WebhookConfigurationException(property + " contains {id} but " + prefix
						+ ".delivery-id is not a header.", "Set it to the header of the signed id, for example "
								+ "'delivery-id: header:X-Delivery-Id'.");
			}
			return List.copyOf(template);
		}

		private static String example(WebhookEndpoint endpoint) {
			return """
					webhook:
					  receiver:
					    endpoints:
					      %s:
					        provider: hmac
					        secret: ${%s_SECRET}
					        signature:
					          header: X-Signature
					          algorithm: HmacSHA256
					          encoding: hex
					          prefix: "sha256="
					          signed-content: "{timestamp}.{body}"
					        timestamp: header:X-Timestamp
					        delivery-id: header:X-Delivery-Id
					        event-type: json:/type"""
				.formatted(endpoint.name(), endpoint.name().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
		}

		JsonPointer[] jsonFields() {
			return FieldExpression.jsonPointers(this.eventType, this.deliveryId);
		}

		boolean signsId() {
			return Part.contains(this.template, Placeholder.ID);
		}

		byte @Nullable [] decode(String header) {
			if (!header.startsWith(this.prefix)) {
				return null;
			}
			String encoded = header.substring(this.prefix.length());
			return this.encoding.equals("hex") ? SignatureEncoding.HEX.decode(encoded.toLowerCase(Locale.ROOT))
					: SignatureEncoding.BASE64.decode(encoded);
		}

		byte[][] signedContent(WebhookRequest request, @Nullable String id, @Nullable String timestamp) {
			byte[][] content = new byte[this.template.size()][];
			for (int i = 0; i < content.length; i++) {
				Part part = this.template.get(i);
				Placeholder placeholder = part.placeholder();
				content[i] = (placeholder != null) ? switch (placeholder) {
					case ID -> utf8(id);
					case TIMESTAMP -> utf8(timestamp);
					case URL -> utf8(request.url());
					case BODY -> request.body();
				} : part.literal();
			}
			return content;
		}

		private static byte[] utf8(@Nullable String text) {
			return (text != null) ? text.getBytes(StandardCharsets.UTF_8) : new byte[0];
		}

	}

}
