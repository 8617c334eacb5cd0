package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;

import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link PayloadFields}: its answers are those of the document's tree, once the
 * rest of the body is read.
 */
class PayloadFieldsTests {

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	private static final JsonPointer ID = PayloadFields.field("id");

	private static final JsonPointer TYPE = PayloadFields.field("type");

	private static final JsonPointer EVENT_TYPE = PayloadFields.field("event.type");

	private static final JsonPointer SECOND_ITEM_ID = JsonPointer.compile("/items/1/id");

	private static final JsonPointer[] ALL = { ID, TYPE, EVENT_TYPE, SECOND_ITEM_ID };

	@ParameterizedTest
	@ValueSource(strings = { "{\"id\":\"evt_1\",\"type\":\"paid\"}", "{\"type\":\"paid\",\"id\":\"evt_1\"}",
			"{\"a\":1,\"type\":\"paid\",\"b\":[true,null],\"id\":\"evt_1\",\"c\":{}}" })
	void fieldsAreReadInAnyOrder(String json) {
		PayloadFields fields = read(json, ID, TYPE);
		assertThat(fields.requireText(ID)).isEqualTo("evt_1");
		assertThat(fields.requireText(TYPE)).isEqualTo("paid");
	}

	@Test
	void nestedObjectsAndArraysBeforeTheFieldsAreSkipped() {
		PayloadFields fields = read("{\"data\":{\"id\":\"inner\",\"list\":[{\"type\":\"x\"},[1,[2,{\"id\":3}]]]},"
				+ "\"items\":[{\"id\":\"first\"},{\"id\":\"second\",\"type\":\"t\"}],"
				+ "\"event\":{\"id\":\"e\",\"type\":\"message\"},\"id\":\"outer\",\"type\":\"event_callback\"}", ALL);
		assertThat(fields.text(ID)).isEqualTo("outer");
		assertThat(fields.text(TYPE)).isEqualTo("event_callback");
		assertThat(fields.text(EVENT_TYPE)).isEqualTo("message");
		assertThat(fields.text(SECOND_ITEM_ID)).isEqualTo("second");
	}

	@Test
	void anAbsentFieldIsNullAndRequiringItIsMalformed() {
		PayloadFields fields = read("{\"id\":\"evt_1\",\"event\":{}}", ALL);
		assertThat(fields.text(TYPE)).isNull();
		assertThat(fields.text(EVENT_TYPE)).isNull();
		assertThat(fields.text(SECOND_ITEM_ID)).isNull();
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> fields.requireText(EVENT_TYPE));
		assertThat(ex.reason()).isEqualTo(Reason.MALFORMED);
		assertThat(ex).hasMessage("The body has no string field 'event.type'");
	}

	@Test
	void theFirstOfRepeatedKeysCounts() {
		String json = "{\"type\":\"first\",\"event\":{\"x\":1},\"type\":\"second\",\"event\":{\"type\":\"a\"}}";
		PayloadFields fields = read(json, ALL);
		assertThat(fields.text(TYPE)).isEqualTo("first");
		assertThat(fields.text(EVENT_TYPE)).isEqualTo("a");
		assertThat(read("{\"type\":{\"nested\":true},\"type\":\"second\"}", TYPE).text(TYPE)).isNull();
	}

	@Test
	void theRestOfARequestsBodyIsReadOnlyWhenItMustBeWellFormed() {
		WebhookRequest request = request("{\"id\":\"evt_1\",\"type\":\"paid\",\"data\":{\"x\":");
		PayloadFields fields = PayloadFields.read(jsonMapper, request, ID, TYPE);
		assertThat(fields.requireText(TYPE)).isEqualTo("paid");
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				request::requireWellFormedBody);
		assertThat(ex.reason()).isEqualTo(Reason.MALFORMED);
		assertThat(ex).hasMessage("The body is not valid JSON");
	}

	@Test
	void aRequestsBodyReadToItsEndOrNotAsJsonIsNotReadAgain() {
		WebhookRequest whole = request("{\"data\":{\"x\":1},\"id\":\"evt_1\"}");
		assertThat(PayloadFields.read(jsonMapper, whole, ID, TYPE).text(ID)).isEqualTo("evt_1");
		whole.requireWellFormedBody();
		WebhookRequest notRead = request("not JSON, and not read as JSON");
		notRead.requireWellFormedBody();
	}

	@Test
	void integersAreReadAsIdsWhereAllowedAndOtherScalarsAreNot() {
		PayloadFields fields = read(
				"{\"id\":12345678901234567890,\"type\":2,\"event\":{\"type\":-0},\"items\":[0,1.5]}", ALL);
		assertThat(fields.scalarText(ID)).isEqualTo("12345678901234567890");
		assertThat(fields.longValue(ID)).isNull();
		assertThat(fields.text(ID)).isNull();
		assertThat(fields.longValue(TYPE)).isEqualTo(2L);
		assertThat(fields.scalarText(TYPE)).isEqualTo("2");
		assertThat(fields.scalarText(EVENT_TYPE)).isEqualTo("0");
		PayloadFields others = read("{\"id\":1.5,\"type\":true,\"event\":{\"type\":null},\"items\":[1,\" \"]}",
				ID, TYPE, EVENT_TYPE, JsonPointer.compile("/items/1"));
		assertThat(others.scalarText(ID)).isNull();
		assertThat(others.scalarText(TYPE)).isNull();
		assertThat(others.scalarText(EVENT_TYPE)).isNull();
		assertThat(others.scalarText(JsonPointer.compile("/items/1"))).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "[]", "[{\"id\":\"evt_1\"}]", "\"id\"", "42", "null", "true" })
	void aRootThatIsNotAnObjectIsMalformed(String json) {
		assertMalformed(json, "The body is not a JSON object");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"id\":\"evt_1\",\"type\":\"paid\",\"data\":{\"x\":", "{\"id\":\"evt_1\",\"type\":\"paid\"",
			"{\"id\":\"evt_1\",\"type\":\"paid\",\"data\":\"\\q\"}", "{\"id\":\"evt_1\",\"type\":\"paid\",\"n\":01}",
			"{\"id\":\"evt_1\",\"type\":\"paid\",\"n\":NaN}", "{\"id\":\"evt_1\",\"type\":\"paid\",\"s\":\"a\nb\"}",
			"{\"id\":\"evt_1\",\"type\":\"paid\",\"a\":[1,}]}", "{\"id\":\"evt_1\",\"type\":\"paid\"} x",
			"{\"id\":\"evt_1\",\"type\":\"paid\"}{}", "{\"id\":\"evt_1\",\"type\":\"paid\"}[]", "[1",
			"{\"id\":\"evt_1\" \"type\":\"paid\"}", "{'id':'evt_1'}" })
	void brokenJsonAfterTheFieldsIsMalformed(String json) {
		assertMalformed(json, "The body is not valid JSON");
	}

	@Test
	void invalidUtf8InASkippedStringIsMalformed() {
		byte[] json = { '{', '"', 'i', 'd', '"', ':', '"', 'a', '"', ',', '"', 'x', '"', ':', '"', (byte) 0xC3,
				(byte) 0x28, '"', '}' };
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> PayloadFields.read(jsonMapper, json, ID));
		assertThat(ex.reason()).isEqualTo(Reason.MALFORMED);
	}

	@Test
	void trailingContentIsAcceptedWhereTheMapperAcceptsIt() {
		JsonMapper lenient = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
		PayloadFields fields = PayloadFields.read(lenient, utf8("{\"id\":\"evt_1\"} {}"), ID);
		assertThat(fields.text(ID)).isEqualTo("evt_1");
	}

	@Test
	void nestingDeeperThanTheParsersLimitIsMalformedAsInTheTree() {
		int limit = jsonMapper.tokenStreamFactory().streamReadConstraints().getMaxNestingDepth();
		String deep = "{\"id\":\"evt_1\",\"d\":" + "[".repeat(limit + 1) + "]".repeat(limit + 1) + "}";
		assertMalformed(deep, "The body is not valid JSON");
		assertThat(treeFails(deep)).isTrue();
		String withinLimit = "{\"id\":\"evt_1\",\"d\":" + "[".repeat(limit - 2) + "]".repeat(limit - 2) + "}";
		assertThat(read(withinLimit, ID).text(ID)).isEqualTo("evt_1");
	}

	@Test
	void mutatedDocumentsGetTheAnswersOfTheirTree() {
		String original = "{\"id\":\"evt_1\",\"type\":\"paid\",\"event\":{\"type\":\"m\",\"n\":[1,2.5,-3e2]},"
				+ "\"items\":[{\"id\":7},{\"id\":\"second\"}],\"s\":\"a\\\"b\\u00e9\",\"t\":true,\"z\":null}";
		String alphabet = "{}[]\":,\\ 0-.eEatrunl1x\u00e9";
		Random random = new Random(8);
		List<String> disagreements = new ArrayList<>();
		int wellFormed = 0;
		for (int i = 0; i < 10_000; i++) {
			StringBuilder json = new StringBuilder(original);
			for (int edits = 1 + random.nextInt(3); edits > 0 && !json.isEmpty(); edits--) {
				int at = random.nextInt(json.length());
				char c = alphabet.charAt(random.nextInt(alphabet.length()));
				switch (random.nextInt(3)) {
					case 0 -> json.deleteCharAt(at);
					case 1 -> json.insert(at, c);
					default -> json.setCharAt(at, c);
				}
			}
			String expected = treeAnswer(json.toString());
			String actual = streamingAnswer(json.toString());
			wellFormed += expected.startsWith("not ") ? 0 : 1;
			if (!expected.equals(actual)) {
				disagreements.add(json + " tree: " + expected + " streaming: " + actual);
			}
		}
		assertThat(disagreements).isEmpty();
		assertThat(wellFormed).as("mutations that are still JSON objects").isBetween(500, 9_500);
	}

	private static String treeAnswer(String json) {
		JsonNode root;
		try {
			root = jsonMapper.readTree(utf8(json));
		}
		catch (JacksonException ex) {
			return "not valid JSON";
		}
		if (root == null || !root.isObject()) {
			return "not an object";
		}
		StringBuilder answer = new StringBuilder();
		for (JsonPointer pointer : ALL) {
			JsonNode node = root.at(pointer);
			String text = (node.isString() && !node.stringValue().isBlank()) ? node.stringValue() : null;
			Long number = (node.isIntegralNumber() && node.canConvertToLong()) ? node.longValue() : null;
			String scalar = (node.isIntegralNumber()) ? node.asString() : text;
			answer.append(text).append('|').append(number).append('|').append(scalar).append(';');
		}
		return answer.toString();
	}

	private static String streamingAnswer(String json) {
		PayloadFields fields;
		try {
			fields = read(json, ALL);
		}
		catch (WebhookRejectedException ex) {
			return ex.getMessage().equals("The body is not valid JSON") ? "not valid JSON" : "not an object";
		}
		StringBuilder answer = new StringBuilder();
		for (JsonPointer pointer : ALL) {
			answer.append(fields.text(pointer))
				.append('|')
				.append(fields.longValue(pointer))
				.append('|')
				.append(fields.scalarText(pointer))
				.append(';');
		}
		return answer.toString();
	}

	private static void assertMalformed(String json, String message) {
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> read(json, ID, TYPE));
		assertThat(ex.reason()).isEqualTo(Reason.MALFORMED);
		assertThat(ex).hasMessage(message);
	}

	private static boolean treeFails(String json) {
		try {
			jsonMapper.readTree(json);
			return false;
		}
		catch (JacksonException ex) {
			return true;
		}
	}

	/**
	 * Reads fields as a provider does, then the rest of the body, as the receiver does before
	 * the delivery is stored.
	 */
	private static PayloadFields read(String json, JsonPointer... pointers) {
		WebhookRequest request = request(json);
		PayloadFields fields = PayloadFields.read(jsonMapper, request, pointers);
		request.requireWellFormedBody();
		return fields;
	}

	private static WebhookRequest request(String json) {
		return new WebhookRequest("https://example.com/webhooks", new HttpHeaders(), utf8(json));
	}

	private static JsonNode tree(String json) {
		return jsonMapper.readTree(json);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
