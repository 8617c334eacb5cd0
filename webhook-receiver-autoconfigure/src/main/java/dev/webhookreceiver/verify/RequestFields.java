package dev.webhookreceiver.verify;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.MultiValueMap;

import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

/**
 * The values of one verified request that {@link FieldExpression field expressions} read: its
 * headers, and its body as JSON, XML or form data, each parsed at most once and only if asked
 * for. Not thread-safe: use one per request.
 */
final class RequestFields {

	private final WebhookRequest request;

	private final JsonMapper jsonMapper;

	private final JsonPointer[] jsonFields;

	private final @Nullable XmlBodies xml;

	private @Nullable PayloadFields json;

	private @Nullable MultiValueMap<String, String> form;

	/**
	 * Creates the fields of a request.
	 * @param request the verified request
	 * @param jsonMapper the mapper to read a JSON body with
	 * @param jsonFields the fields of a JSON body that may be asked for, all read in one pass
	 */
	RequestFields(WebhookRequest request, JsonMapper jsonMapper, JsonPointer... jsonFields) {
		this(request, jsonMapper, null, jsonFields);
	}

	/**
	 * Creates the fields of a request whose body may be XML.
	 * @param request the verified request
	 * @param jsonMapper the mapper to read a JSON body with
	 * @param xml the reader of XML bodies, or {@code null} if Jackson's XML module is absent
	 * @param jsonFields the fields of a JSON body that may be asked for, all read in one pass
	 */
	RequestFields(WebhookRequest request, JsonMapper jsonMapper, @Nullable XmlBodies xml,
			JsonPointer... jsonFields) {
		this.request = request;
		this.jsonMapper = jsonMapper;
		this.xml = xml;
		this.jsonFields = jsonFields;
	}

	/**
	 * The request.
	 * @return the request
	 */
	WebhookRequest request() {
		return this.request;
	}

	/**
	 * The fields of the body as a JSON object, those given when created.
	 * @return the payload fields
	 * @throws WebhookRejectedException {@link Reason#MALFORMED} if the body is not a JSON object
	 */
	PayloadFields json() {
		PayloadFields json = this.json;
		if (json == null) {
			json = PayloadFields.read(this.jsonMapper, this.request, this.jsonFields);
			this.json = json;
		}
		return json;
	}

	/**
	 * The body as an XML tree, whose top level holds the root element's children.
	 * @return the tree
	 * @throws WebhookRejectedException {@link Reason#MALFORMED} if the body is not well-formed
	 * XML, has a document type declaration, or XML cannot be read
	 */
	JsonNode xml() {
		if (this.xml == null) {
			throw new WebhookRejectedException(Reason.MALFORMED, "XML bodies cannot be read: Jackson's XML module "
					+ "is not on the classpath");
		}
		return this.request.xmlBody(this.xml);
	}

	/**
	 * The body as form data.
	 * @return the fields, in order
	 * @throws WebhookRejectedException {@link Reason#MALFORMED} if the body is not form data
	 */
	MultiValueMap<String, String> form() {
		MultiValueMap<String, String> form = this.form;
		if (form == null) {
			form = FormFields.parse(this.request.body());
			this.form = form;
		}
		return form;
	}

}
