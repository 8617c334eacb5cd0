package dev.webhookreceiver.verify;

import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

/**
 * Reads the headers that carry a signature or the signed values with it, and refuses absurd
 * ones before any HMAC is computed.
 */
final class SignatureHeader {

	/** The longest signature header accepted, in characters. */
	static final int MAX_LENGTH = 4096;

	/** The most signatures accepted in one header. */
	static final int MAX_SIGNATURES = 10;

	private SignatureHeader() {
	}

	/**
	 * Returns a header that the signature check needs.
	 * @param request the request
	 * @param name the header name
	 * @return the header value
	 * @throws WebhookRejectedException {@link Reason#MISSING_SIGNATURE} if the header is absent
	 * or blank, {@link Reason#INVALID_SIGNATURE} if it is longer than {@link #MAX_LENGTH}
	 */
	static String require(WebhookRequest request, String name) {
		String value = request.header(name);
		if (value == null || value.isBlank()) {
			throw new WebhookRejectedException(Reason.MISSING_SIGNATURE, "The " + name + " header is missing");
		}
		if (value.length() > MAX_LENGTH) {
			throw new WebhookRejectedException(Reason.INVALID_SIGNATURE,
					"The " + name + " header is longer than " + MAX_LENGTH + " characters");
		}
		return value;
	}

	/**
	 * Refuses a header that carries more signatures than any sender sends.
	 * @param name the header name
	 * @param count the number of signatures in it
	 * @throws WebhookRejectedException {@link Reason#INVALID_SIGNATURE} if there are more than
	 * {@link #MAX_SIGNATURES}
	 */
	static void checkSignatureCount(String name, int count) {
		if (count > MAX_SIGNATURES) {
			throw new WebhookRejectedException(Reason.INVALID_SIGNATURE,
					"The " + name + " header carries more than " + MAX_SIGNATURES + " signatures");
		}
	}

	/**
	 * Rejects a delivery whose signature is malformed or matches none of the secrets.
	 * @param detail what is wrong, never the expected signature
	 * @return the exception to throw
	 */
	static WebhookRejectedException invalid(String detail) {
		return new WebhookRejectedException(Reason.INVALID_SIGNATURE, detail);
	}

}
