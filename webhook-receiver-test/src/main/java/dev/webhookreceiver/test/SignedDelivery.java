package dev.webhookreceiver.test;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * A delivery signed as its provider signs it: the headers to send, {@code Content-Type}
 * included, and the body bytes exactly as signed. Send both with any HTTP client, or with
 * {@link WebhookRequests#post(String, SignedDelivery)} through MockMvc. The {@code with...}
 * methods make tampered copies that keep the signature, for negative tests.
 */
public final class SignedDelivery {

	private final HttpHeaders headers;

	private final byte[] body;

	private final @Nullable String url;

	SignedDelivery(HttpHeaders headers, byte[] body, @Nullable String url) {
		this.headers = HttpHeaders.readOnlyHttpHeaders(copy(headers));
		this.body = body.clone();
		this.url = url;
	}

	/**
	 * The headers to send: the provider's signature, timestamp, delivery id and event type
	 * headers as it sends them, any extra headers, and {@code Content-Type}.
	 * @return the headers, read-only
	 */
	public HttpHeaders headers() {
		return this.headers;
	}

	/**
	 * The body, exactly as signed.
	 * @return a copy of the body bytes
	 */
	public byte[] body() {
		return this.body.clone();
	}

	/**
	 * The body as UTF-8 text.
	 * @return the body
	 */
	public String bodyAsString() {
		return new String(this.body, StandardCharsets.UTF_8);
	}

	/**
	 * The content type of the body.
	 * @return the {@code Content-Type}
	 */
	public @Nullable MediaType contentType() {
		return this.headers.getContentType();
	}

	/**
	 * The URL that the signature covers, for providers that sign it (Twilio, Square): send the
	 * delivery to this URL, or to one the application sees as this URL.
	 * @return the signed URL, or {@code null} if the provider signs no URL
	 */
	public @Nullable String url() {
		return this.url;
	}

	/**
	 * A copy with another body and the same signature, as if the body were tampered with on
	 * the way.
	 * @param body the other body
	 * @return the tampered delivery
	 */
	public SignedDelivery withBody(String body) {
		return withBody(body.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A copy with another body and the same signature, as if the body were tampered with on
	 * the way.
	 * @param body the other body
	 * @return the tampered delivery
	 */
	public SignedDelivery withBody(byte[] body) {
		return new SignedDelivery(this.headers, body, this.url);
	}

	/**
	 * A copy with a header set to another value (or added), for example a signature header
	 * that was tampered with.
	 * @param name the header name
	 * @param value the value
	 * @return the changed delivery
	 */
	public SignedDelivery withHeader(String name, String value) {
		HttpHeaders headers = copy(this.headers);
		headers.set(name, value);
		return new SignedDelivery(headers, this.body, this.url);
	}

	/**
	 * A copy without a header, for example without its signature.
	 * @param name the header name
	 * @return the changed delivery
	 */
	public SignedDelivery withoutHeader(String name) {
		HttpHeaders headers = copy(this.headers);
		headers.remove(name);
		return new SignedDelivery(headers, this.body, this.url);
	}

	private static HttpHeaders copy(HttpHeaders headers) {
		HttpHeaders copy = new HttpHeaders();
		copy.addAll(headers);
		return copy;
	}

	@Override
	public String toString() {
		return "SignedDelivery[headers=" + this.headers + ", body=" + this.body.length + " bytes"
				+ ((this.url != null) ? ", url=" + this.url : "") + "]";
	}

}
