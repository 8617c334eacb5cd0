package dev.webhookreceiver.verify;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

import dev.webhookreceiver.WebhookConfigurationException;
import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

import org.springframework.util.ClassUtils;

/**
 * Where a configurable provider reads a value of a verified delivery, as configured in an
 * endpoint's {@code timestamp}, {@code delivery-id} or {@code event-type}:
 * {@code header:NAME}, {@code json:/pointer} (RFC 6901), {@code xml:/pointer} (the same
 * pointer into the tree Jackson's {@code XmlMapper} reads, whose top level holds the root
 * element's children), {@code form:NAME} or {@code fixed:VALUE}. Parse expressions once, when
 * the endpoint is validated, not per request.
 */
final class FieldExpression {

	/** The characters of an HTTP header name (RFC 9110 token). */
	private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

	private final Source source;

	private final String name;

	private final JsonPointer pointer;

	private FieldExpression(Source source, String name, JsonPointer pointer) {
		this.source = source;
		this.name = name;
		this.pointer = pointer;
	}

	/**
	 * Parses the expression an endpoint configures for a property, if any.
	 * @param endpoint the endpoint
	 * @param property the property
	 * @return the expression, or {@code null} if the property is not set
	 * @throws IllegalStateException if the expression is invalid, with a message naming the
	 * property and showing valid examples
	 */
	static @Nullable FieldExpression of(WebhookEndpoint endpoint, Property property) {
		String expression = property.value(endpoint);
		return (expression != null) ? parse(endpoint, property, expression) : null;
	}

	/**
	 * Parses the expression an endpoint must configure for a property.
	 * @param endpoint the endpoint
	 * @param property the property
	 * @return the expression
	 * @throws IllegalStateException if the property is not set or the expression is invalid,
	 * with a message naming the property and showing valid examples
	 */
	static FieldExpression required(WebhookEndpoint endpoint, Property property) {
		FieldExpression expression = of(endpoint, property);
		if (expression == null) {
			String hint = (property == Property.EVENT_TYPE)
					? " If the sender sends one kind of event only, name it with 'event-type: fixed:NAME'." : "";
			throw new WebhookConfigurationException(endpoint.propertyPrefix() + "." + property.propertyName
					+ " is not set: the '" + endpoint.provider() + "' provider reads each delivery's "
					+ property.propertyName.replace('-', ' ') + " where it says.", property.help() + hint);
		}
		return expression;
	}

	private static FieldExpression parse(WebhookEndpoint endpoint, Property property, String expression) {
		int colon = expression.indexOf(':');
		Source source = (colon != -1) ? Source.named(expression.substring(0, colon)) : null;
		if (source == null) {
			throw invalid(endpoint, property, expression, "it does not start with " + property.prefixes());
		}
		if (!property.sources.contains(source)) {
			throw invalid(endpoint, property, expression, property.refusal(source));
		}
		String name = expression.substring(colon + 1);
		switch (source) {
			case HEADER -> {
				if (!isHeaderName(name)) {
					throw invalid(endpoint, property, expression, "'" + name + "' is not a header name");
				}
			}
			case JSON, XML -> {
				if (!name.startsWith("/")) {
					throw invalid(endpoint, property, expression, "'" + name + "' is not a JSON pointer; a pointer "
							+ "starts with '/', as in " + source.prefix() + "/data/id");
				}
				if (source == Source.XML
						&& !ClassUtils.isPresent(XmlBodies.XML_MAPPER_CLASS, FieldExpression.class.getClassLoader())) {
					throw invalid(endpoint, property, expression, "reading XML bodies needs Jackson's XML module, "
							+ "tools.jackson.dataformat:jackson-dataformat-xml, which is not on the classpath");
				}
				try {
					return new FieldExpression(source, name, JsonPointer.compile(name));
				}
				catch (IllegalArgumentException ex) {
					throw invalid(endpoint, property, expression, "'" + name + "' is not a JSON pointer");
				}
			}
			default -> {
				if (name.isBlank()) {
					throw invalid(endpoint, property, expression, "nothing follows '" + source.prefix() + "'");
				}
			}
		}
		return new FieldExpression(source, name, JsonPointer.empty());
	}

	/**
	 * Whether a text is an HTTP header name (an RFC 9110 token).
	 * @param name the text
	 * @return whether it is a header name
	 */
	static boolean isHeaderName(String name) {
		return HEADER_NAME.matcher(name).matches();
	}

	private static WebhookConfigurationException invalid(WebhookEndpoint endpoint, Property property,
			String expression, String problem) {
		return new WebhookConfigurationException("Invalid " + endpoint.propertyPrefix() + "." + property.propertyName
				+ " '" + expression + "': " + problem + ".", property.help());
	}

	/**
	 * Where the value is read from.
	 * @return the source
	 */
	Source source() {
		return this.source;
	}

	/**
	 * The header, form field or fixed value named, or the JSON pointer's text.
	 * @return the name
	 */
	String name() {
		return this.name;
	}

	/**
	 * The JSON pointers of those of the expressions that read the body as JSON, to read in one
	 * pass.
	 * @param expressions the expressions, {@code null} for those not configured
	 * @return the pointers
	 */
	static JsonPointer[] jsonPointers(@Nullable FieldExpression... expressions) {
		JsonPointer[] pointers = new JsonPointer[expressions.length];
		int count = 0;
		for (FieldExpression expression : expressions) {
			if (expression != null && expression.source == Source.JSON) {
				pointers[count++] = expression.pointer;
			}
		}
		return (count == pointers.length) ? pointers : Arrays.copyOf(pointers, count);
	}

	/**
	 * Reads the value from a verified request.
	 * @param fields the request's fields
	 * @return the non-blank value, or {@code null} if the request has none there
	 * @throws WebhookRejectedException {@link Reason#MALFORMED} if the body cannot be read as
	 * the expression needs
	 */
	@Nullable String read(RequestFields fields) {
		String value = switch (this.source) {
			case HEADER -> fields.request().header(this.name);
			case JSON -> fields.json().scalarText(this.pointer);
			case XML -> text(fields.xml().at(this.pointer));
			case FORM -> fields.form().getFirst(this.name);
			case FIXED -> this.name;
		};
		return (value != null && !value.isBlank()) ? value : null;
	}

	/**
	 * Reads a value that the provider needs from a verified request.
	 * @param fields the request's fields
	 * @param what what the value is, for the message ({@code "delivery id"})
	 * @return the non-blank value
	 * @throws WebhookRejectedException {@link Reason#MALFORMED} if the request has none there
	 */
	String require(RequestFields fields, String what) {
		String value = read(fields);
		if (value == null) {
			throw new WebhookRejectedException(Reason.MALFORMED, "The delivery has no " + what + ": " + describe());
		}
		return value;
	}

	private String describe() {
		return switch (this.source) {
			case HEADER -> "the " + this.name + " header is missing";
			case JSON -> "the body has no string or integer at " + this.name;
			case XML -> "the XML body has no text at " + this.name;
			case FORM -> "the form body has no '" + this.name + "' field";
			case FIXED -> "'" + this.name + "'";
		};
	}

	private static @Nullable String text(JsonNode node) {
		return (node.isString() || node.isNumber()) ? node.asString() : null;
	}

	@Override
	public String toString() {
		return this.source.prefix() + this.name;
	}

	/**
	 * The places a value can be read from.
	 */
	enum Source {

		/** A request header, {@code header:NAME}. */
		HEADER,

		/** A string or integer in a JSON body, {@code json:/pointer}. */
		JSON,

		/** The text of an element or attribute of an XML body, {@code xml:/pointer}. */
		XML,

		/** A field of a form-encoded body, {@code form:NAME}. */
		FORM,

		/** The same value for every delivery, {@code fixed:VALUE}. */
		FIXED;

		String prefix() {
			return name().toLowerCase(Locale.ROOT) + ":";
		}

		String form() {
			return prefix() + switch (this) {
				case HEADER, FORM -> "NAME";
				case JSON, XML -> "/pointer";
				case FIXED -> "VALUE";
			};
		}

		static @Nullable Source named(String name) {
			for (Source source : values()) {
				if (source.prefix().equals(name + ":")) {
					return source;
				}
			}
			return null;
		}

	}

	/**
	 * The endpoint properties that hold field expressions, with the sources each allows.
	 */
	enum Property {

		/** {@code timestamp}: epoch seconds, signed, so from a header. */
		TIMESTAMP("timestamp", WebhookEndpoint::timestamp, List.of(Source.HEADER), List.of("header:X-Timestamp")),

		/** {@code delivery-id}: anything but fixed, which would make every delivery a duplicate. */
		DELIVERY_ID("delivery-id", WebhookEndpoint::deliveryId,
				List.of(Source.HEADER, Source.JSON, Source.XML, Source.FORM),
				List.of("header:X-Delivery-Id", "json:/id", "form:MessageSid")),

		/** {@code event-type}: any source. */
		EVENT_TYPE("event-type", WebhookEndpoint::eventType,
				List.of(Source.HEADER, Source.JSON, Source.XML, Source.FORM, Source.FIXED),
				List.of("header:X-Event-Type", "json:/type", "form:EventType", "fixed:order.created"));

		private final String propertyName;

		private final Function<WebhookEndpoint, @Nullable String> value;

		private final List<Source> sources;

		private final List<String> examples;

		Property(String propertyName, Function<WebhookEndpoint, @Nullable String> value, List<Source> sources,
				List<String> examples) {
			this.propertyName = propertyName;
			this.value = value;
			this.sources = sources;
			this.examples = examples;
		}

		/**
		 * The property's name below the endpoint's prefix.
		 * @return the name, such as {@code delivery-id}
		 */
		String propertyName() {
			return this.propertyName;
		}

		@Nullable String value(WebhookEndpoint endpoint) {
			return this.value.apply(endpoint);
		}

		private String prefixes() {
			return this.sources.stream().map(Source::prefix).collect(Collectors.joining(", "));
		}

		private String refusal(Source source) {
			if (this == TIMESTAMP) {
				return "the timestamp is read from a header, as epoch seconds";
			}
			return "'" + source.prefix() + "' would give every delivery the same id, so each would be taken for a "
					+ "duplicate of the first";
		}

		private String help() {
			List<String> forms = this.sources.stream().map(Source::form).toList();
			String choice = (forms.size() == 1) ? forms.get(0)
					: String.join(", ", forms.subList(0, forms.size() - 1)) + " or " + forms.get(forms.size() - 1);
			return "Use " + choice + ", for example " + this.examples.stream()
				.map((example) -> "'" + this.propertyName + ": " + example + "'")
				.collect(Collectors.joining(" or ")) + ".";
		}

	}

}
