package dev.webhookreceiver.test;

import org.jspecify.annotations.Nullable;

/**
 * How a sender signs for an endpoint of the {@code hmac} provider, mirroring the endpoint's
 * properties: {@code signature.header}, {@code signature.algorithm}, {@code signature.encoding},
 * {@code signature.prefix}, {@code signature.signed-content}, and the headers of
 * {@code timestamp}, {@code delivery-id} and {@code event-type} when they are headers.
 * <pre class="code">
 * HmacSettings settings = HmacSettings.of("secret", "X-Signature")
 * 	.withPrefix("sha256=")
 * 	.withSignedContent("{timestamp}.{body}")
 * 	.withTimestampHeader("X-Timestamp")
 * 	.withDeliveryIdHeader("X-Delivery-Id");
 * SignedDelivery delivery = WebhookSigners.hmac(settings).sign();
 * </pre>
 *
 * @param secret the secret, as UTF-8 the HMAC key
 * @param header the header that carries the signature
 * @param algorithm the JCA MAC algorithm: {@code HmacSHA256}, {@code HmacSHA512} or
 * {@code HmacSHA1}
 * @param encoding {@code hex} or {@code base64}
 * @param prefix what precedes the encoded signature in the header
 * @param signedContent the template of the signed bytes, of {@code {id}}, {@code {timestamp}},
 * {@code {url}}, {@code {body}} and literal text
 * @param timestampHeader the header of the timestamp (Unix seconds), or {@code null} if the
 * sender sends none
 * @param deliveryIdHeader the header of the delivery id, or {@code null} to send it in the
 * default body's {@code id}
 * @param eventTypeHeader the header of the event type, or {@code null} to send it in the
 * default body's {@code type}
 */
public record HmacSettings(String secret, String header, String algorithm, String encoding, String prefix,
		String signedContent, @Nullable String timestampHeader, @Nullable String deliveryIdHeader,
		@Nullable String eventTypeHeader) {

	/**
	 * Settings with the receiver's defaults: HMAC-SHA256 of the body, in hex, without a
	 * prefix, no timestamp, and the id and event type in the body.
	 * @param secret the secret
	 * @param header the header that carries the signature
	 * @return the settings
	 */
	public static HmacSettings of(String secret, String header) {
		return new HmacSettings(secret, header, "HmacSHA256", "hex", "", "{body}", null, null, null);
	}

	/**
	 * Copies these settings with another secret.
	 * @param secret the secret
	 * @return the new settings
	 */
	public HmacSettings withSecret(String secret) {
		return new HmacSettings(secret, this.header, this.algorithm, this.encoding, this.prefix, this.signedContent,
				this.timestampHeader, this.deliveryIdHeader, this.eventTypeHeader);
	}

	/**
	 * Copies these settings with another algorithm.
	 * @param algorithm {@code HmacSHA256}, {@code HmacSHA512} or {@code HmacSHA1}
	 * @return the new settings
	 */
	public HmacSettings withAlgorithm(String algorithm) {
		return new HmacSettings(this.secret, this.header, algorithm, this.encoding, this.prefix, this.signedContent,
				this.timestampHeader, this.deliveryIdHeader, this.eventTypeHeader);
	}

	/**
	 * Copies these settings with another encoding.
	 * @param encoding {@code hex} or {@code base64}
	 * @return the new settings
	 */
	public HmacSettings withEncoding(String encoding) {
		return new HmacSettings(this.secret, this.header, this.algorithm, encoding, this.prefix, this.signedContent,
				this.timestampHeader, this.deliveryIdHeader, this.eventTypeHeader);
	}

	/**
	 * Copies these settings with another prefix.
	 * @param prefix what precedes the encoded signature
	 * @return the new settings
	 */
	public HmacSettings withPrefix(String prefix) {
		return new HmacSettings(this.secret, this.header, this.algorithm, this.encoding, prefix, this.signedContent,
				this.timestampHeader, this.deliveryIdHeader, this.eventTypeHeader);
	}

	/**
	 * Copies these settings with another template of the signed content.
	 * @param signedContent the template, for example {@code {timestamp}.{body}}
	 * @return the new settings
	 */
	public HmacSettings withSignedContent(String signedContent) {
		return new HmacSettings(this.secret, this.header, this.algorithm, this.encoding, this.prefix, signedContent,
				this.timestampHeader, this.deliveryIdHeader, this.eventTypeHeader);
	}

	/**
	 * Copies these settings with a timestamp header.
	 * @param timestampHeader the header of the timestamp
	 * @return the new settings
	 */
	public HmacSettings withTimestampHeader(String timestampHeader) {
		return new HmacSettings(this.secret, this.header, this.algorithm, this.encoding, this.prefix,
				this.signedContent, timestampHeader, this.deliveryIdHeader, this.eventTypeHeader);
	}

	/**
	 * Copies these settings with a delivery id header.
	 * @param deliveryIdHeader the header of the delivery id
	 * @return the new settings
	 */
	public HmacSettings withDeliveryIdHeader(String deliveryIdHeader) {
		return new HmacSettings(this.secret, this.header, this.algorithm, this.encoding, this.prefix,
				this.signedContent, this.timestampHeader, deliveryIdHeader, this.eventTypeHeader);
	}

	/**
	 * Copies these settings with an event type header.
	 * @param eventTypeHeader the header of the event type
	 * @return the new settings
	 */
	public HmacSettings withEventTypeHeader(String eventTypeHeader) {
		return new HmacSettings(this.secret, this.header, this.algorithm, this.encoding, this.prefix,
				this.signedContent, this.timestampHeader, this.deliveryIdHeader, eventTypeHeader);
	}

}
