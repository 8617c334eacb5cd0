package dev.webhookreceiver.test;

import java.time.Instant;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * How one provider signs a delivery, and where it puts the event type, the delivery id and
 * the timestamp.
 */
interface SigningScheme {

	/**
	 * The provider's name in messages ({@code GitHub}).
	 * @return the name
	 */
	String provider();

	/**
	 * The event type of a delivery for which none is given: a typical one.
	 * @return the event type
	 */
	String defaultEvent();

	/**
	 * A fresh delivery id.
	 * @return the id, in the provider's format
	 */
	String newDeliveryId();

	/**
	 * The values that this provider reads from the body, so that a given body fixes them.
	 * @return the values
	 */
	Set<Value> inBody();

	/**
	 * The values that this provider does not send at all.
	 * @return the values
	 */
	Set<Value> unsent();

	/**
	 * The body of a delivery for which none is given, carrying the values read from the body.
	 * @param event the event type
	 * @param deliveryId the delivery id
	 * @param timestamp the timestamp
	 * @return the body
	 */
	byte[] defaultBody(String event, String deliveryId, Instant timestamp);

	/**
	 * The content type of the default body.
	 * @return the content type
	 */
	default MediaType defaultContentType() {
		return MediaType.APPLICATION_JSON;
	}

	/**
	 * Signs a delivery: adds the signature and the other headers the provider sends.
	 * @param delivery the delivery to sign
	 * @param headers the headers to add to
	 * @return the URL the signature covers, or {@code null} if it covers none
	 */
	@Nullable String sign(UnsignedDelivery delivery, HttpHeaders headers);

	/**
	 * A value of a delivery that a provider sends in a header, in the body, or not at all.
	 */
	enum Value {

		EVENT("event type"), DELIVERY_ID("delivery id"), TIMESTAMP("timestamp");

		private final String description;

		Value(String description) {
			this.description = description;
		}

		String description() {
			return this.description;
		}

	}

	/**
	 * A delivery with every value decided, before it is signed.
	 *
	 * @param secret the secret to sign with, or {@code null} for providers that sign with a key
	 * @param event the event type
	 * @param deliveryId the delivery id
	 * @param timestamp the timestamp
	 * @param body the body
	 * @param contentType the content type of the body
	 * @param url the URL to sign, or {@code null}
	 */
	record UnsignedDelivery(@Nullable String secret, String event, String deliveryId, Instant timestamp, byte[] body,
			MediaType contentType, @Nullable String url) {

		String requireSecret() {
			if (this.secret == null) {
				throw new IllegalStateException("No secret to sign with");
			}
			return this.secret;
		}

		String requireUrl(String provider) {
			if (this.url == null) {
				throw new IllegalStateException(provider + " signs the URL: give it with url(...)");
			}
			return this.url;
		}

		String epochSeconds() {
			return Long.toString(this.timestamp.getEpochSecond());
		}

	}

}
