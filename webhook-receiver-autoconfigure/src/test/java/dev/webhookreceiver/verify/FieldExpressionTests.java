package dev.webhookreceiver.verify;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.xml.XmlMapper;

import dev.webhookreceiver.verify.FieldExpression.Property;
import dev.webhookreceiver.verify.FieldExpression.Source;
import dev.webhookreceiver.verify.WebhookEndpoint.SignatureSettings;
import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link FieldExpression}.
 */
class FieldExpressionTests {

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	private static final String JSON = "{\"id\":\"evt_1\",\"seq\":12345678901234567890,\"data\":{\"type\":\"order.paid\"},"
			+ "\"a/b\":\"slash\",\"blank\":\" \",\"flag\":true,\"amount\":1.5}";

	private static final XmlBodies xml = new XmlBodies(XmlMapper.builder().build());

	private static final String XML = "<event kind=\"order.paid\"><id>evt_1</id><data><type>order.paid</type></data>"
			+ "<seq>42</seq><blank> </blank></event>";

	@Test
	void unsetPropertyHasNoExpression() {
		assertThat(FieldExpression.of(endpoint(null, null, null), Property.DELIVERY_ID)).isNull();
	}

	@ParameterizedTest
	@CsvSource({ "header:X-Delivery-Id, d-1", "json:/id, evt_1", "json:/seq, 12345678901234567890",
			"json:/data/type, order.paid", "json:/a~1b, slash" })
	void readsADeliveryIdFromAHeaderOrJson(String expression, String expected) {
		FieldExpression id = FieldExpression.of(endpoint(null, expression, null), Property.DELIVERY_ID);
		assertThat(id.read(fields(id, JSON, Map.of("X-Delivery-Id", "d-1")))).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "xml:/id, evt_1", "xml:/data/type, order.paid", "xml:/kind, order.paid", "xml:/seq, 42" })
	void readsADeliveryIdFromAnElementOrAttributeOfAnXmlBody(String expression, String expected) {
		FieldExpression id = FieldExpression.of(endpoint(null, expression, null), Property.DELIVERY_ID);
		assertThat(id.source()).isEqualTo(Source.XML);
		assertThat(id.read(xmlFields(XML))).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "xml:/missing", "xml:/blank", "xml:/data" })
	void absentBlankOrNonTextXmlValuesReadAsNull(String expression) {
		FieldExpression type = FieldExpression.of(endpoint(null, null, expression), Property.EVENT_TYPE);
		assertThat(type.read(xmlFields(XML))).isNull();
	}

	@Test
	void readingXmlFromABodyThatIsNotXmlIsMalformed() {
		FieldExpression type = FieldExpression.of(endpoint(null, null, "xml:/type"), Property.EVENT_TYPE);
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> type.read(xmlFields("{\"type\":\"order.paid\"}")));
		assertThat(ex.reason()).isEqualTo(Reason.MALFORMED);
		assertThat(ex).hasMessage("The body is not well-formed XML");
	}

	@Test
	void theXmlBodyIsParsedOncePerRequest() {
		RequestFields fields = xmlFields(XML);
		assertThat(fields.xml()).isSameAs(fields.xml());
		assertThat(fields.request().parsedXmlBody()).isSameAs(fields.xml());
	}

	@Test
	void readsAFormField() {
		FieldExpression type = FieldExpression.of(endpoint(null, null, "form:EventType"), Property.EVENT_TYPE);
		assertThat(type.source()).isEqualTo(Source.FORM);
		assertThat(type.read(fields(type, "MessageSid=SM1&EventType=onMessage%20Added", Map.of())))
			.isEqualTo("onMessage Added");
	}

	@Test
	void fixedEventTypeIsTheSameForEveryDelivery() {
		FieldExpression type = FieldExpression.of(endpoint(null, null, "fixed:order.created"), Property.EVENT_TYPE);
		assertThat(type.read(fields(type, "", Map.of()))).isEqualTo("order.created");
		assertThat(type).hasToString("fixed:order.created");
	}

	@ParameterizedTest
	@CsvSource({ "json:/missing", "json:/blank", "json:/flag", "json:/amount", "json:/data", "header:X-Absent" })
	void absentBlankOrNonScalarValuesReadAsNull(String expression) {
		FieldExpression type = FieldExpression.of(endpoint(null, null, expression), Property.EVENT_TYPE);
		assertThat(type.read(fields(type, JSON, Map.of("X-Blank", " ")))).isNull();
	}

	@Test
	void requireRejectsAMissingValueAsMalformed() {
		FieldExpression type = FieldExpression.of(endpoint(null, null, "json:/type"), Property.EVENT_TYPE);
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> type.require(fields(type, JSON, Map.of()), "event type"));
		assertThat(ex.reason()).isEqualTo(Reason.MALFORMED);
		assertThat(ex).hasMessage("The delivery has no event type: the body has no string or integer at /type");
	}

	@Test
	void readingJsonFromABodyThatIsNotJsonIsMalformed() {
		FieldExpression type = FieldExpression.of(endpoint(null, null, "json:/type"), Property.EVENT_TYPE);
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> type.read(fields(type, "a=b", Map.of())));
		assertThat(ex.reason()).isEqualTo(Reason.MALFORMED);
	}

	@Test
	void theBodyIsParsedOncePerRequest() {
		RequestFields fields = fields(JSON, Map.of());
		assertThat(fields.json()).isSameAs(fields.json());
		RequestFields form = fields("a=b", Map.of());
		assertThat(form.form()).isSameAs(form.form());
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', value = {
			"id | it does not start with header:, json:, xml:, form:",
			"body:/id | it does not start with header:, json:, xml:, form:",
			"fixed:same | 'fixed:' would give every delivery the same id",
			"json:id | 'id' is not a JSON pointer; a pointer starts with '/', as in json:/data/id",
			"json: | '' is not a JSON pointer",
			"xml:id | 'id' is not a JSON pointer; a pointer starts with '/', as in xml:/data/id",
			"header:X Id | 'X Id' is not a header name",
			"header: | '' is not a header name",
			"form: | nothing follows 'form:'" })
	void invalidDeliveryIdNamesThePropertyAndShowsExamples(String expression, String problem) {
		assertThatIllegalStateException()
			.isThrownBy(() -> FieldExpression.of(endpoint(null, expression, null), Property.DELIVERY_ID))
			.withMessageStartingWith("Invalid webhook.receiver.endpoints.custom.delivery-id '" + expression + "': ")
			.withMessageContaining(problem)
			.withMessageEndingWith("Use header:NAME, json:/pointer, xml:/pointer or form:NAME, for example "
					+ "'delivery-id: header:X-Delivery-Id' or 'delivery-id: json:/id' or "
					+ "'delivery-id: form:MessageSid'.");
	}

	@Test
	void invalidEventTypeShowsEveryForm() {
		assertThatIllegalStateException()
			.isThrownBy(() -> FieldExpression.of(endpoint(null, null, "type"), Property.EVENT_TYPE))
			.withMessage("Invalid webhook.receiver.endpoints.custom.event-type 'type': it does not start with "
					+ "header:, json:, xml:, form:, fixed:. Use header:NAME, json:/pointer, xml:/pointer, form:NAME or "
					+ "fixed:VALUE, "
					+ "for example 'event-type: header:X-Event-Type' or 'event-type: json:/type' or "
					+ "'event-type: form:EventType' or 'event-type: fixed:order.created'.");
		assertThatIllegalStateException()
			.isThrownBy(() -> FieldExpression.of(endpoint(null, null, "fixed: "), Property.EVENT_TYPE))
			.withMessageContaining("nothing follows 'fixed:'");
	}

	@Test
	void timestampIsReadFromAHeaderOnly() {
		assertThat(FieldExpression.of(endpoint("header:X-Timestamp", null, null), Property.TIMESTAMP).name())
			.isEqualTo("X-Timestamp");
		assertThatIllegalStateException()
			.isThrownBy(() -> FieldExpression.of(endpoint("json:/ts", null, null), Property.TIMESTAMP))
			.withMessage("Invalid webhook.receiver.endpoints.custom.timestamp 'json:/ts': the timestamp is read "
					+ "from a header, as epoch seconds. Use header:NAME, for example 'timestamp: header:X-Timestamp'.");
	}

	private static RequestFields fields(String body, Map<String, String> headers) {
		return new RequestFields(TestSignatures.request(headers, body), jsonMapper);
	}

	private static RequestFields xmlFields(String body) {
		return new RequestFields(TestSignatures.request(Map.of("Content-Type", "application/xml"), body), jsonMapper,
				xml);
	}

	private static RequestFields fields(FieldExpression expression, String body, Map<String, String> headers) {
		return new RequestFields(TestSignatures.request(headers, body), jsonMapper,
				FieldExpression.jsonPointers(expression));
	}

	private static WebhookEndpoint endpoint(@Nullable String timestamp, @Nullable String deliveryId,
			@Nullable String eventType) {
		return new WebhookEndpoint("custom", "/webhooks/custom", "hmac", List.of("s"), Duration.ofMinutes(5),
				SignatureSettings.DEFAULT, timestamp, deliveryId, eventType);
	}

}
