package dev.webhookreceiver.verify;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonPointer;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fast path of {@link PayloadFields}: one pass over the bytes of a JSON object that checks it
 * is well-formed and finds where the scalars at the requested pointers are, eight bytes at a
 * time through strings, without a parser, tokens or decoding.
 * <p>
 * It accepts only a strict subset of what Jackson accepts, with room to spare under the
 * parser's limits: strict RFC 8259 JSON, well-formed UTF-8, property names without escapes,
 * nesting, strings and numbers well under the {@link StreamReadConstraints}. Whatever it is not
 * sure of, including every document that is not well-formed, it leaves to Jackson's parser,
 * which decides. So it never accepts what Jackson would refuse, and where it accepts, the values
 * it finds are those Jackson's tree would hold.
 */
final class JsonScan {

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
			ByteOrder.LITTLE_ENDIAN);

	private static final long ONES = 0x0101010101010101L;

	private static final long HIGH_BITS = 0x8080808080808080L;

	private static final long QUOTES = ONES * '"';

	private static final long BACKSLASHES = ONES * '\\';

	private static final long SPACES = ONES * ' ';

	private static final NotSure NOT_SURE = new NotSure();

	private static final int[] NONE = {};

	private final byte[] json;

	private final JsonPointer[] pointers;

	private final int maxDepth;

	private final int maxNumberLength;

	private final int maxStringLength;

	private final int maxNameLength;

	private final int[] starts;

	private final int[] ends;

	private int position;

	private JsonScan(byte[] json, JsonPointer[] pointers, StreamReadConstraints constraints) {
		this.json = json;
		this.pointers = pointers;
		// stay well inside the limits: near them, Jackson decides
		this.maxDepth = constraints.getMaxNestingDepth() - 1;
		this.maxNumberLength = constraints.getMaxNumberLength() - 1;
		this.maxStringLength = constraints.getMaxStringLength() - 1;
		this.maxNameLength = constraints.getMaxNameLength() - 1;
		this.starts = new int[pointers.length];
		this.ends = new int[pointers.length];
		Arrays.fill(this.starts, -1);
	}

	/**
	 * Whether the mapper's parser reads JSON as the scan assumes: no feature or limit of it
	 * refuses what the scan accepts.
	 * @param jsonMapper the mapper
	 * @return whether the scan may be used
	 */
	static boolean applies(JsonMapper jsonMapper) {
		TokenStreamFactory factory = jsonMapper.tokenStreamFactory();
		StreamReadConstraints constraints = factory.streamReadConstraints();
		return !jsonMapper.isEnabled(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
				&& !constraints.hasMaxDocumentLength()
				&& !constraints.hasMaxTokenCount();
	}

	/**
	 * Scans a JSON object.
	 * @param json the bytes
	 * @param pointers the scalars to find
	 * @param constraints the limits of the mapper's parser
	 * @return the scan, or {@code null} if it is not sure the bytes are a well-formed JSON
	 * object
	 */
	static @Nullable JsonScan scan(byte[] json, JsonPointer[] pointers, StreamReadConstraints constraints) {
		JsonScan scan = new JsonScan(json, pointers, constraints);
		try {
			scan.whitespace();
			if (scan.peek() != '{') {
				return null;
			}
			int[] all = new int[pointers.length];
			for (int i = 0; i < all.length; i++) {
				all[i] = i;
			}
			scan.object(all, pointers.clone(), 1);
			scan.whitespace();
			return (scan.position == json.length) ? scan : null;
		}
		catch (RuntimeException ex) {
			if (ex == NOT_SURE || ex instanceof ArrayIndexOutOfBoundsException) {
				return null;
			}
			throw ex;
		}
	}

	/**
	 * Where the scalar at a pointer starts: the opening quote of a string or the first
	 * character of a number.
	 * @param pointer the index of the pointer
	 * @return the offset, or {@code -1} if there is no string or number there
	 */
	int start(int pointer) {
		return this.starts[pointer];
	}

	/**
	 * Where the scalar at a pointer ends, exclusive.
	 * @param pointer the index of the pointer
	 * @return the offset, valid only if {@link #start(int)} is not {@code -1}
	 */
	int end(int pointer) {
		return this.ends[pointer];
	}

	private void object(int[] live, JsonPointer[] tails, int depth) {
		if (depth >= this.maxDepth) {
			throw NOT_SURE;
		}
		this.position++;
		whitespace();
		if (peek() == '}') {
			this.position++;
			return;
		}
		while (true) {
			expect('"');
			int nameStart = this.position;
			int nameEnd = name();
			whitespace();
			expect(':');
			whitespace();
			value(live, tails, depth, nameStart, nameEnd, -1);
			whitespace();
			byte next = this.json[this.position++];
			if (next == '}') {
				return;
			}
			if (next != ',') {
				throw NOT_SURE;
			}
			whitespace();
		}
	}

	private void array(int[] live, JsonPointer[] tails, int depth) {
		if (depth >= this.maxDepth) {
			throw NOT_SURE;
		}
		this.position++;
		whitespace();
		if (peek() == ']') {
			this.position++;
			return;
		}
		int index = 0;
		while (true) {
			value(live, tails, depth, -1, -1, index++);
			whitespace();
			byte next = this.json[this.position++];
			if (next == ']') {
				return;
			}
			if (next != ',') {
				throw NOT_SURE;
			}
			whitespace();
		}
	}

	/**
	 * Scans a value of an object (its name between {@code nameStart} and {@code nameEnd}) or an
	 * array (at {@code index}), recording it for the pointers that end there.
	 */
	private void value(int[] live, JsonPointer[] tails, int depth, int nameStart, int nameEnd, int index) {
		int[] matches = (live.length == 0) ? NONE : matches(live, tails, nameStart, nameEnd, index);
		JsonPointer[] next = tails;
		int[] deeper = NONE;
		if (matches.length > 0) {
			next = tails.clone();
			int descending = 0;
			for (int match : matches) {
				// a repeated key replaces what an earlier occurrence held, as in the tree
				this.starts[match] = -1;
				next[match] = tails[match].tail();
				descending += next[match].matches() ? 0 : 1;
			}
			deeper = new int[descending];
			int i = 0;
			for (int match : matches) {
				if (!next[match].matches()) {
					deeper[i++] = match;
				}
			}
		}
		int start = this.position;
		byte first = peek();
		switch (first) {
			case '{' -> object(deeper, next, depth + 1);
			case '[' -> array(deeper, next, depth + 1);
			case '"' -> {
				this.position++;
				string(this.maxStringLength);
			}
			case 't' -> literal("true");
			case 'f' -> literal("false");
			case 'n' -> literal("null");
			default -> number();
		}
		if (first == '"' || first == '-' || (first >= '0' && first <= '9')) {
			for (int match : matches) {
				if (next[match].matches()) {
					this.starts[match] = start;
					this.ends[match] = this.position;
				}
			}
		}
	}

	private int[] matches(int[] live, JsonPointer[] tails, int nameStart, int nameEnd, int index) {
		return PayloadFields.matches(live, tails,
				(tail) -> (nameStart >= 0) ? nameEquals(nameStart, nameEnd, tail.getMatchingProperty())
						: index == tail.getMatchingIndex());
	}

	/**
	 * Whether a name without escapes (checked by {@link #name()}) is the given property.
	 */
	private boolean nameEquals(int start, int end, String property) {
		int length = end - start;
		if (property.length() > length) {
			return false;
		}
		for (int i = 0; i < property.length(); i++) {
			char c = property.charAt(i);
			if (c >= 0x80) {
				return new String(this.json, start, length, StandardCharsets.UTF_8)
					.equals(property);
			}
		}
		if (property.length() != length) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			if (this.json[start + i] != property.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Scans a property name after its opening quote; names with escapes are left to Jackson.
	 * @return where the name ends, before its closing quote
	 */
	private int name() {
		int start = this.position;
		string(this.maxNameLength);
		for (int i = start; i < this.position - 1; i++) {
			if (this.json[i] == '\\') {
				throw NOT_SURE;
			}
		}
		return this.position - 1;
	}

	/**
	 * Scans a string after its opening quote, through its closing quote: eight bytes at a time
	 * while none is a quote, a backslash, a control character or part of a multi-byte
	 * character.
	 */
	private void string(int maxLength) {
		byte[] json = this.json;
		int start = this.position;
		int position = start;
		while (true) {
			while (position + Long.BYTES <= json.length) {
				long word = (long) LONGS.get(json, position);
				if (special(word) != 0) {
					break;
				}
				position += Long.BYTES;
			}
			int c = json[position] & 0xFF;
			if (c == '"') {
				break;
			}
			if (c == '\\') {
				position = escape(position);
			}
			else if (c < 0x20) {
				throw NOT_SURE;
			}
			else if (c >= 0x80) {
				position = utf8(position, c);
			}
			else {
				position++;
			}
		}
		if (position - start > maxLength) {
			throw NOT_SURE;
		}
		this.position = position + 1;
	}

	/**
	 * Whether a word holds a quote, a backslash, a byte below {@code 0x20} or above
	 * {@code 0x7f}: non-zero if it does.
	 */
	private static long special(long word) {
		long quote = word ^ QUOTES;
		long backslash = word ^ BACKSLASHES;
		long zeroInQuote = (quote - ONES) & ~quote;
		long zeroInBackslash = (backslash - ONES) & ~backslash;
		long belowSpace = word - SPACES;
		return (zeroInQuote | zeroInBackslash | belowSpace | word) & HIGH_BITS;
	}

	private int escape(int position) {
		byte escaped = this.json[position + 1];
		switch (escaped) {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
				return position + 2;
			}
			case 'u' -> {
				for (int i = position + 2; i < position + 6; i++) {
					if (Character.digit(this.json[i], 16) < 0) {
						throw NOT_SURE;
					}
				}
				return position + 6;
			}
			default -> throw NOT_SURE;
		}
	}

	/**
	 * Checks a well-formed UTF-8 sequence (Unicode, table 3-7) starting with {@code c}.
	 * @return where the next character starts
	 */
	private int utf8(int position, int c) {
		byte[] json = this.json;
		if (c >= 0xC2 && c <= 0xDF) {
			continuation(json[position + 1], 0x80, 0xBF);
			return position + 2;
		}
		if (c >= 0xE0 && c <= 0xEF) {
			continuation(json[position + 1], (c == 0xE0) ? 0xA0 : 0x80, (c == 0xED) ? 0x9F : 0xBF);
			continuation(json[position + 2], 0x80, 0xBF);
			return position + 3;
		}
		if (c >= 0xF0 && c <= 0xF4) {
			continuation(json[position + 1], (c == 0xF0) ? 0x90 : 0x80, (c == 0xF4) ? 0x8F : 0xBF);
			continuation(json[position + 2], 0x80, 0xBF);
			continuation(json[position + 3], 0x80, 0xBF);
			return position + 4;
		}
		throw NOT_SURE;
	}

	private static void continuation(byte b, int min, int max) {
		int c = b & 0xFF;
		if (c < min || c > max) {
			throw NOT_SURE;
		}
	}

	private void literal(String literal) {
		for (int i = 0; i < literal.length(); i++) {
			if (this.json[this.position + i] != literal.charAt(i)) {
				throw NOT_SURE;
			}
		}
		this.position += literal.length();
		delimiter();
	}

	/**
	 * Scans a number as RFC 8259 writes it: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}.
	 */
	private void number() {
		int start = this.position;
		if (peek() == '-') {
			this.position++;
		}
		if (peek() == '0') {
			this.position++;
		}
		else if (peek() >= '1' && peek() <= '9') {
			digits();
		}
		else {
			throw NOT_SURE;
		}
		if (this.position < this.json.length && peek() == '.') {
			this.position++;
			digits();
		}
		if (this.position < this.json.length && (peek() == 'e' || peek() == 'E')) {
			this.position++;
			if (peek() == '+' || peek() == '-') {
				this.position++;
			}
			digits();
		}
		if (this.position - start > this.maxNumberLength) {
			throw NOT_SURE;
		}
		delimiter();
	}

	private void digits() {
		int start = this.position;
		while (this.position < this.json.length && peek() >= '0' && peek() <= '9') {
			this.position++;
		}
		if (this.position == start) {
			throw NOT_SURE;
		}
	}

	/**
	 * Checks that a number or literal is followed by whitespace, a separator or the end of a
	 * container, as Jackson requires.
	 */
	private void delimiter() {
		if (this.position < this.json.length) {
			byte next = peek();
			if (next != ',' && next != '}' && next != ']' && !isWhitespace(next)) {
				throw NOT_SURE;
			}
		}
	}

	private void whitespace() {
		while (this.position < this.json.length && isWhitespace(this.json[this.position])) {
			this.position++;
		}
	}

	private static boolean isWhitespace(byte b) {
		return b == ' ' || b == '\n' || b == '\r' || b == '\t';
	}

	private void expect(char c) {
		if (this.json[this.position] != c) {
			throw NOT_SURE;
		}
		this.position++;
	}

	private byte peek() {
		return this.json[this.position];
	}

	/**
	 * Thrown when the scan is not sure; one instance without a stack trace, as it is not an
	 * error but a way out of the recursion.
	 */
	private static final class NotSure extends RuntimeException {

		private static final long serialVersionUID = 1L;

		NotSure() {
			super("not sure", null, false, false);
		}

	}

}
