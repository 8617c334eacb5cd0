package dev.webhookreceiver.verify;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

/**
 * The fields of a verified JSON payload that identify a delivery. Parse a body only after its
 * signature holds.
 */
final class PayloadFields {

	private final JsonNode root;

	private PayloadFields(JsonNode root) {
		this.root = root;
	}

	/**
	 * Parses the body of a verified request as a JSON object, once per request.
	 * @param jsonMapper the mapper to read with
	 * @param request the verified request
	 * @return the payload fields
	 * @throws WebhookRejectedException {@link Reason#MALFORMED} if the body is not a JSON
	 * object
	 */
	static PayloadFields parse(JsonMapper jsonMapper, WebhookRequest request) {
		JsonNode root;
		try {
			root = request.jsonBody(jsonMapper);
		}
		catch (JacksonException ex) {
			throw notJson();
		}
		return of(root);
	}

	/**
	 * Parses verified JSON bytes that are not the body itself, such as the JSON in a form
	 * field.
	 * @param jsonMapper the mapper to read with
	 * @param json the JSON bytes
	 * @return the payload fields
	 * @throws WebhookRejectedException {@link Reason#MALFORMED} if the bytes are not a JSON
	 * object
	 */
	static PayloadFields parse(JsonMapper jsonMapper, byte[] json) {
		JsonNode root;
		try {
			root = jsonMapper.readTree(json);
		}
		catch (JacksonException ex) {
			throw notJson();
		}
		return of(root);
	}

	private static PayloadFields of(@Nullable JsonNode root) {
		if (root == null || !root.isObject()) {
			throw new WebhookRejectedException(Reason.MALFORMED, "The body is not a JSON object");
		}
		return new PayloadFields(root);
	}

	private static WebhookRejectedException notJson() {
		return new WebhookRejectedException(Reason.MALFORMED, "The body is not valid JSON");
	}

	/**
	 * Returns a string field, if present.
	 * @param path the field, nested fields separated by dots ({@code event.type})
	 * @return the non-blank string value, or {@code null}
	 */
	@Nullable String text(String path) {
		JsonNode node = node(path);
		return (node.isString() && !node.stringValue().isBlank()) ? node.stringValue() : null;
	}

	/**
	 * Returns a string field that the provider needs.
	 * @param path the field, nested fields separated by dots ({@code event.type})
	 * @return the non-blank string value
	 * @throws WebhookRejectedException {@link Reason#MALFORMED} if it is absent, not a string or
	 * blank
	 */
	String requireText(String path) {
		String text = text(path);
		if (text == null) {
			throw new WebhookRejectedException(Reason.MALFORMED, "The body has no string field '" + path + "'");
		}
		return text;
	}

	/**
	 * Returns a number field, if present and integral.
	 * @param path the field, nested fields separated by dots
	 * @return the value, or {@code null}
	 */
	@Nullable Long longValue(String path) {
		JsonNode node = node(path);
		return (node.isIntegralNumber() && node.canConvertToLong()) ? node.longValue() : null;
	}

	/**
	 * Returns the string or integer at a JSON pointer, as text: the field of a configurable
	 * provider's {@code json:} expression.
	 * @param pointer the pointer
	 * @return the non-blank string, the integer's decimal text, or {@code null}
	 */
	@Nullable String scalarText(JsonPointer pointer) {
		JsonNode node = this.root.at(pointer);
		if (node.isString()) {
			return node.stringValue().isBlank() ? null : node.stringValue();
		}
		return node.isIntegralNumber() ? node.asString() : null;
	}

	private JsonNode node(String path) {
		return this.root.at("/" + path.replace('.', '/'));
	}

}
