package dev.webhookreceiver.dispatch;

import java.lang.reflect.Type;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.deser.BeanDeserializerBuilder;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import org.springframework.core.ResolvableType;
import org.springframework.http.MediaType;
import org.springframework.util.StringUtils;

/**
 * Binds the body of a delivery to the type of a handler's payload parameter.
 * <p>
 * {@code byte[]} receives a copy of the body and {@code String} the body as text (in the
 * charset of the content type, UTF-8 by default). Every other type is bound by Jackson: from
 * JSON, or, for {@code application/x-www-form-urlencoded} bodies, from the decoded form fields
 * (a field sent once binds as a string, a field sent several times as a list of strings), so a
 * form binds to {@code Map<String, String>}, {@code JsonNode} or a record/POJO alike.
 * <p>
 * Where the mapper ignores unknown properties ({@code FAIL_ON_UNKNOWN_PROPERTIES} disabled, as
 * in Spring Boot) and has no problem handler that wants to see them, a record or POJO skips
 * the fields it does not declare as it reads them. Jackson otherwise copies every such field of
 * a record into a token buffer first, decoded, until the record's own fields are all read: for
 * a webhook payload, most of the body, and several times its size in memory for a large one.
 */
public class PayloadBinder {

	private final JsonMapper jsonMapper;

	private final @Nullable ObjectMapper xmlMapper;

	/**
	 * Creates a binder for JSON and form bodies.
	 * @param jsonMapper the mapper that reads JSON and converts form fields
	 */
	public PayloadBinder(JsonMapper jsonMapper) {
		this(jsonMapper, null);
	}

	/**
	 * Creates a binder for JSON, form and XML bodies.
	 * @param jsonMapper the mapper that reads JSON and converts form fields
	 * @param xmlMapper the {@code XmlMapper} that reads XML bodies, which must refuse DTDs and
	 * external entities, or {@code null} to read them as JSON (which fails)
	 */
	public PayloadBinder(JsonMapper jsonMapper, @Nullable ObjectMapper xmlMapper) {
		this.jsonMapper = (jsonMapper.deserializationConfig().getProblemHandlers() == null)
				? jsonMapper.rebuild().addModule(SkipUnknownProperties.MODULE).build() : jsonMapper;
		this.xmlMapper = xmlMapper;
	}

	/**
	 * Binds a body to a type.
	 * @param body the body exactly as received; never changed
	 * @param contentType the content type of the delivery, or {@code null} if unknown (JSON is
	 * assumed)
	 * @param targetType the type to bind to, possibly generic ({@code Map<String, Object>},
	 * {@code List<Order>})
	 * @return the payload, never {@code null}
	 * @throws PayloadBindingException if the body cannot be bound to the type, or binds to
	 * {@code null}
	 */
	public Object bind(byte[] body, @Nullable MediaType contentType, Type targetType) {
		try {
			if (targetType == byte[].class) {
				return body.clone();
			}
			Charset charset = charset(contentType);
			if (targetType == String.class) {
				return new String(body, charset);
			}
			JavaType javaType = this.jsonMapper.constructType(targetType);
			ObjectMapper xmlMapper = this.xmlMapper;
			Object payload = (isForm(contentType)) ? this.jsonMapper.convertValue(decodeForm(body, charset), javaType)
					: (xmlMapper != null && isXml(contentType)) ? xmlMapper.readValue(body, javaType)
							: this.jsonMapper.readValue(body, javaType);
			if (payload == null) {
				throw new PayloadBindingException("The payload is null, expected " + describe(targetType), null);
			}
			return payload;
		}
		catch (JacksonException ex) {
			throw new PayloadBindingException(
					"Could not read the payload as " + describe(targetType) + ": " + ex.getOriginalMessage(), ex);
		}
		catch (IllegalArgumentException ex) {
			throw new PayloadBindingException(
					"Could not read the payload as " + describe(targetType) + ": " + ex.getMessage(), ex);
		}
	}

	private static Charset charset(@Nullable MediaType contentType) {
		Charset charset = (contentType != null) ? contentType.getCharset() : null;
		return (charset != null) ? charset : StandardCharsets.UTF_8;
	}

	static boolean isForm(@Nullable MediaType contentType) {
		return contentType != null && MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(contentType);
	}

	private static boolean isXml(@Nullable MediaType contentType) {
		if (contentType == null) {
			return false;
		}
		String subtype = contentType.getSubtype();
		return subtype.endsWith("+xml") || (subtype.equals("xml")
				&& (contentType.getType().equals("application") || contentType.getType().equals("text")));
	}

	private static Map<String, Object> decodeForm(byte[] body, Charset charset) {
		Map<String, Object> form = new LinkedHashMap<>();
		for (String pair : StringUtils.tokenizeToStringArray(new String(body, charset), "&")) {
			int equals = pair.indexOf('=');
			String name = URLDecoder.decode((equals != -1) ? pair.substring(0, equals) : pair, charset);
			String value = (equals != -1) ? URLDecoder.decode(pair.substring(equals + 1), charset) : "";
			form.merge(name, value, PayloadBinder::addValue);
		}
		return form;
	}

	@SuppressWarnings("unchecked")
	private static Object addValue(Object existing, Object value) {
		List<Object> values = (existing instanceof List<?>) ? (List<Object>) existing : new ArrayList<>(List.of(existing));
		values.add(value);
		return values;
	}

	private static String describe(Type type) {
		Class<?> resolved = ResolvableType.forType(type).resolve();
		return (resolved != null) ? resolved.getSimpleName() : type.getTypeName();
	}

	/**
	 * Makes the beans of a mapper that ignores unknown properties skip them unread.
	 */
	private static final class SkipUnknownProperties extends ValueDeserializerModifier {

		static final SimpleModule MODULE = new SimpleModule("webhook-receiver-skip-unknown-properties")
			.setDeserializerModifier(new SkipUnknownProperties());

		@Override
		public BeanDeserializerBuilder updateBuilder(DeserializationConfig config,
				BeanDescription.Supplier beanDescription, BeanDeserializerBuilder builder) {
			if (!config.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)) {
				builder.setIgnoreUnknownProperties(true);
			}
			return builder;
		}

	}

}
