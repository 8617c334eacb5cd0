package dev.webhookreceiver.verify;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * A delivery as it arrived: the request URL as the sender saw it, the headers, and the body
 * bytes exactly as received.
 */
public final class WebhookRequest {

	private final String url;

	private final HttpHeaders headers;

	private final byte[] body;

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

}
