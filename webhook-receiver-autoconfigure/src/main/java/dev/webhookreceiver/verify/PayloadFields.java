package dev.webhookreceiver.verify;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonPointer;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

/**
 * The fields of a verified JSON payload that identify a delivery, read with a streaming
 * parser: only the scalars at the requested pointers are decoded, everything else is skipped
 * token by token, without building a tree or decoding strings. Read a body only after its
 * signature holds.
 * <p>
 * A request's body is read only until every requested field was found: where the fields come
 * first, as in most senders' payloads, verification does not read the rest of the body. The
 * rest is read later, once, by {@link WebhookRequest#requireWellFormedBody()}, before the
 * delivery is stored or dispatched, so that a body that is not well-formed JSON is still refused
 * as {@link Reason#MALFORMED} and never reaches the store or a handler. Other JSON bytes (such
 * as the JSON in a form field) are read to their end at once.
 * <p>
 * The answers are those of the document's tree ({@code JsonMapper.readTree} then
 * {@code JsonNode.at}), but for a key repeated in one object, where the first occurrence
 * counts (the tree keeps the last; a sender's signed payload does not repeat keys); trailing
 * content after the object is refused unless the mapper disables
 * {@link DeserializationFeature#FAIL_ON_TRAILING_TOKENS}; the mapper's
 * {@code StreamReadConstraints} (nesting depth, string length, ...) and read features apply.
 */
final class PayloadFields {

	private static final int[] NONE = {};

	private final JsonPointer[] pointers;

	private final @Nullable Object[] values;

	private final boolean[] found;

	private int missing;

	private PayloadFields(JsonPointer[] pointers) {
		this.pointers = pointers;
		this.values = new Object[pointers.length];
		this.found = new boolean[pointers.length];
		this.missing = pointers.length;
	}

	/**
	 * Reads fields of the body of a verified request, a JSON object, until all of them are
	 * found; the rest of the body is left for {@link WebhookRequest#requireWellFormedBody()}.
	 * @param jsonMapper the mapper whose parser settings apply
	 * @param request the verified request
	 * @param pointers the fields to read
	 * @return the payload fields
	 * @throws WebhookRejectedException {@link Reason#MALFORMED} if the body is not a JSON
	 * object, or what was read of it is not JSON
	 */
	static PayloadFields read(JsonMapper jsonMapper, WebhookRequest request, JsonPointer... pointers) {
		return read(jsonMapper, request.body(), request, pointers);
	}

	/**
	 * Reads fields of verified JSON bytes, such as the body or the JSON in a form field.
	 * @param jsonMapper the mapper whose parser settings apply
	 * @param json the JSON bytes
	 * @param pointers the fields to read
	 * @return the payload fields
	 * @throws WebhookRejectedException {@link Reason#MALFORMED} if the bytes are not a JSON
	 * object
	 */
	static PayloadFields read(JsonMapper jsonMapper, byte[] json, JsonPointer... pointers) {
		return read(jsonMapper, json, null, pointers);
	}

	private static PayloadFields read(JsonMapper jsonMapper, byte[] json, @Nullable WebhookRequest request,
			JsonPointer... pointers) {
		PayloadFields fields = new PayloadFields(pointers);
		boolean trailingTokensFail = jsonMapper.deserializationConfig()
			.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
		JsonParser parser = null;
		try {
			parser = jsonMapper.createParser(json);
			JsonToken root = parser.nextToken();
			if (root != JsonToken.START_OBJECT) {
				if (root != null) {
					parser.skipChildren();
					finish(parser, trailingTokensFail);
				}
				throw new WebhookRejectedException(Reason.MALFORMED, "The body is not a JSON object");
			}
			if (fields.readContainer(parser, root, allOf(pointers), pointers) && request != null) {
				request.readInPart(new Rest(parser, trailingTokensFail));
				parser = null; // left open for the rest
				return fields;
			}
			finish(parser, trailingTokensFail);
			if (request != null) {
				request.readWhole();
			}
			return fields;
		}
		catch (JacksonException ex) {
			throw notJson();
		}
		finally {
			if (parser != null) {
				parser.close();
			}
		}
	}

	/**
	 * Reads a document to its end from wherever the parser is: the rest of the root value, then
	 * nothing but trailing content the mapper accepts.
	 */
	private static void finish(JsonParser parser, boolean trailingTokensFail) {
		while (!parser.streamReadContext().inRoot()) {
			if (parser.nextToken() == null) {
				throw notJson();
			}
		}
		if (trailingTokensFail && parser.nextToken() != null) {
			throw notJson();
		}
	}

	/**
	 * Reads the values of a container, the parser on its start token, to its end token, or
	 * until every field is found.
	 * @param parser the parser
	 * @param start {@link JsonToken#START_OBJECT} or {@link JsonToken#START_ARRAY}
	 * @param live the indexes of the pointers that lead into this container
	 * @param tails those pointers' remaining parts, by pointer index
	 * @return whether every field was found, the parser left on the last value read
	 */
	private boolean readContainer(JsonParser parser, JsonToken start, int[] live, JsonPointer[] tails) {
		if (live.length == 0) {
			parser.skipChildren();
			return false;
		}
		boolean object = start == JsonToken.START_OBJECT;
		JsonToken end = object ? JsonToken.END_OBJECT : JsonToken.END_ARRAY;
		int index = 0;
		JsonToken token;
		while ((token = parser.nextToken()) != end) {
			if (token == null) {
				throw notJson();
			}
			String name = null;
			if (object) {
				name = parser.currentName();
				token = parser.nextToken();
			}
			int[] matches = matches(live, tails, name, index++);
			if (matches.length == 0) {
				parser.skipChildren();
				continue;
			}
			JsonPointer[] next = tails.clone();
			int descending = 0;
			for (int match : matches) {
				next[match] = tails[match].tail();
				if (next[match].matches()) {
					this.values[match] = scalar(parser, token);
					this.found[match] = true;
					this.missing--;
				}
				else {
					descending++;
				}
			}
			if (token.isStructStart()) {
				int[] deeper = new int[descending];
				int i = 0;
				for (int match : matches) {
					if (!next[match].matches()) {
						deeper[i++] = match;
					}
				}
				if (readContainer(parser, token, deeper, next)) {
					return true;
				}
			}
			if (this.missing == 0) {
				return true;
			}
		}
		return false;
	}

	private int[] matches(int[] live, JsonPointer[] tails, @Nullable String name, int index) {
		int count = 0;
		int[] matches = null;
		for (int pointer : live) {
			if (this.found[pointer]) {
				continue;
			}
			JsonPointer tail = tails[pointer];
			boolean match = (name != null) ? name.equals(tail.getMatchingProperty())
					: index == tail.getMatchingIndex();
			if (match) {
				if (matches == null) {
					matches = new int[live.length];
				}
				matches[count++] = pointer;
			}
		}
		if (matches == null) {
			return NONE;
		}
		return (count == matches.length) ? matches : Arrays.copyOf(matches, count);
	}

	private static @Nullable Object scalar(JsonParser parser, JsonToken token) {
		if (token == JsonToken.VALUE_STRING) {
			return parser.getString();
		}
		if (token == JsonToken.VALUE_NUMBER_INT) {
			return (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) ? parser.getBigIntegerValue()
					: (Object) parser.getLongValue();
		}
		return null;
	}

	private static int[] allOf(JsonPointer[] pointers) {
		int[] all = new int[pointers.length];
		for (int i = 0; i < all.length; i++) {
			all[i] = i;
		}
		return all;
	}

	/**
	 * The part of a request's body that was not read for its fields, read when the request's
	 * body must be known well-formed.
	 */
	private static final class Rest implements Runnable {

		private final JsonParser parser;

		private final boolean trailingTokensFail;

		Rest(JsonParser parser, boolean trailingTokensFail) {
			this.parser = parser;
			this.trailingTokensFail = trailingTokensFail;
		}

		@Override
		public void run() {
			try (this.parser) {
				finish(this.parser, this.trailingTokensFail);
			}
			catch (JacksonException ex) {
				throw notJson();
			}
		}

	}

	private static WebhookRejectedException notJson() {
		return new WebhookRejectedException(Reason.MALFORMED, "The body is not valid JSON");
	}

	/**
	 * Returns a string field, if present.
	 * @param pointer the field, one of those read
	 * @return the non-blank string value, or {@code null}
	 */
	@Nullable String text(JsonPointer pointer) {
		return (value(pointer) instanceof String text && !text.isBlank()) ? text : null;
	}

	/**
	 * Returns a string field that the provider needs.
	 * @param pointer the field, one of those read
	 * @return the non-blank string value
	 * @throws WebhookRejectedException {@link Reason#MALFORMED} if it is absent, not a string or
	 * blank
	 */
	String requireText(JsonPointer pointer) {
		String text = text(pointer);
		if (text == null) {
			throw new WebhookRejectedException(Reason.MALFORMED,
					"The body has no string field '" + describe(pointer) + "'");
		}
		return text;
	}

	/**
	 * Returns a number field, if present and an integer that fits a {@code long}.
	 * @param pointer the field, one of those read
	 * @return the value, or {@code null}
	 */
	@Nullable Long longValue(JsonPointer pointer) {
		return (value(pointer) instanceof Long number) ? number : null;
	}

	/**
	 * Returns the string or integer at a JSON pointer, as text: the field of a configurable
	 * provider's {@code json:} expression.
	 * @param pointer the field, one of those read
	 * @return the non-blank string, the integer's decimal text, or {@code null}
	 */
	@Nullable String scalarText(JsonPointer pointer) {
		Object value = value(pointer);
		if (value instanceof Long || value instanceof BigInteger) {
			return value.toString();
		}
		return text(pointer);
	}

	private @Nullable Object value(JsonPointer pointer) {
		for (int i = 0; i < this.pointers.length; i++) {
			if (this.pointers[i] == pointer || this.pointers[i].equals(pointer)) {
				return this.values[i];
			}
		}
		throw new IllegalArgumentException(pointer + " was not read");
	}

	/**
	 * A field as messages name it: {@code event.type} for {@code /event/type}.
	 */
	private static String describe(JsonPointer pointer) {
		return pointer.toString().substring(1).replace('/', '.');
	}

	/**
	 * The pointer of a field given as names separated by dots.
	 * @param path the field, such as {@code event.type}
	 * @return the pointer, such as {@code /event/type}
	 */
	static JsonPointer field(String path) {
		return JsonPointer.compile("/" + path.replace('.', '/'));
	}

	/**
	 * The pointers of the given fields.
	 * @param paths the fields, names separated by dots
	 * @return the pointers, in order
	 */
	static JsonPointer[] fields(List<String> paths) {
		return paths.stream().map(PayloadFields::field).toArray(JsonPointer[]::new);
	}

}
