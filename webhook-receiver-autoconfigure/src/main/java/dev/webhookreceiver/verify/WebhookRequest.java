package dev.webhookreceiver.verify;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;

/**
 * A delivery as it arrived: the request URL as the sender saw it, the headers, and the body
 * bytes exactly as received.
 */
public final class WebhookRequest {

	private final String url;

	private final HttpHeaders headers;

	private final byte[] body;

	private @Nullable JsonNode jsonBody;

	private @Nullable Runnable unreadJson;

	private boolean readAsJson;

	private @Nullable JsonNode xmlBody;

	/**
	 * Creates a request. The body array is not copied; callers must not change it afterwards.
	 * @param url the full request URL as the sender saw it (scheme, host, port, path, query)
	 * @param headers the request headers
	 * @param body the body exactly as received
	 */
	public WebhookRequest(String url, HttpHeaders headers, byte[] body) {
		this.url = url;
		this.headers = HttpHeaders.readOnlyHttpHeaders(headers);
		this.body = body;
	}

	/**
	 * The full request URL as the sender saw it.
	 * @return the URL
	 */
	public String url() {
		return this.url;
	}

	/**
	 * The request headers (read-only, names case-insensitive).
	 * @return the headers
	 */
	public HttpHeaders headers() {
		return this.headers;
	}

	/**
	 * The first value of a header.
	 * @param name the header name, in any case
	 * @return the value, or {@code null} if absent
	 */
	public @Nullable String header(String name) {
		return this.headers.getFirst(name);
	}

	/**
	 * The body exactly as received. The array is shared, not copied: do not change it.
	 * @return the body bytes
	 */
	public byte[] body() {
		return this.body;
	}

	/**
	 * The body parsed as JSON, parsed on the first call only, for a provider that needs the
	 * whole tree. The built-in providers do not: they read the few fields they need with a
	 * streaming parser, so no tree is built unless a handler asks for a {@code JsonNode}. If a
	 * provider built it, handlers that take a {@code JsonNode} get this same tree, so the body is
	 * not parsed twice.
	 * @param jsonMapper the mapper to parse with
	 * @return the JSON tree
	 * @throws JacksonException if the body is not JSON
	 */
	public JsonNode jsonBody(JsonMapper jsonMapper) throws JacksonException {
		JsonNode json = this.jsonBody;
		if (json == null) {
			json = jsonMapper.readTree(this.body);
			this.jsonBody = json;
			this.unreadJson = null;
			this.readAsJson = true;
		}
		return json;
	}

	/**
	 * Reads to its end a JSON body that verification read only up to the fields identifying the
	 * delivery, so that a body that is not well-formed JSON is refused before it is stored or
	 * dispatched, as is a JSON body whose {@code Content-Type} says it is a form, which handlers
	 * would bind as form fields. Does nothing where the body was not read as JSON at all.
	 * @throws WebhookRejectedException {@link WebhookRejectedException.Reason#MALFORMED} if the
	 * rest of the body is not JSON, or the body is JSON sent as a form
	 */
	public void requireWellFormedBody() {
		Runnable rest = this.unreadJson;
		if (rest != null) {
			this.unreadJson = null;
			rest.run();
		}
		if (this.readAsJson && FormFields.isForm(this)) {
			throw new WebhookRejectedException(WebhookRejectedException.Reason.MALFORMED,
					"The body is JSON, but its Content-Type is application/x-www-form-urlencoded, "
							+ "as whose fields handlers would read it");
		}
	}

	/**
	 * Notes that the body was read as JSON up to some point, and what reads the rest.
	 */
	void readInPart(Runnable rest) {
		this.unreadJson = rest;
		this.readAsJson = true;
	}

	/**
	 * Notes that the body was read as JSON to its end.
	 */
	void readWhole() {
		this.unreadJson = null;
		this.readAsJson = true;
	}

	/**
	 * The body as parsed by {@link #jsonBody(JsonMapper)}, if a provider parsed it.
	 * @return the JSON tree, or {@code null}
	 */
	public @Nullable JsonNode parsedJsonBody() {
		return this.jsonBody;
	}

	/**
	 * The body read as XML by {@link XmlBodies}, read on the first call only.
	 * @param xml the reader of XML bodies
	 * @return the tree, whose top level holds the root element's children
	 * @throws WebhookRejectedException if the body is not well-formed XML or has a DTD
	 */
	JsonNode xmlBody(XmlBodies xml) {
		JsonNode tree = this.xmlBody;
		if (tree == null) {
			tree = xml.readTree(this.body);
			this.xmlBody = tree;
		}
		return tree;
	}

	/**
	 * The body as read by a provider's {@code xml:} expressions, if one read it.
	 * @return the XML body as a tree, or {@code null}
	 */
	public @Nullable JsonNode parsedXmlBody() {
		return this.xmlBody;
	}

}
