package dev.webhookreceiver.verify;

import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

/**
 * Reads the headers that identify an authentic delivery: its id and event type.
 */
final class DeliveryHeader {

	private DeliveryHeader() {
	}

	/**
	 * Returns a header that identifies the delivery.
	 * @param request the request, already verified
	 * @param name the header name
	 * @return the header value
	 * @throws WebhookRejectedException {@link Reason#MALFORMED} if the header is absent or blank
	 */
	static String require(WebhookRequest request, String name) {
		String value = request.header(name);
		if (value == null || value.isBlank()) {
			throw new WebhookRejectedException(Reason.MALFORMED, "The " + name + " header is missing");
		}
		return value;
	}

	/**
	 * Returns the first present of several headers that identify the delivery, in order of
	 * preference.
	 * @param request the request, already verified
	 * @param preferred the preferred header name
	 * @param fallback the header name to use if the preferred one is absent
	 * @return the header value
	 * @throws WebhookRejectedException {@link Reason#MALFORMED} if both are absent or blank
	 */
	static String require(WebhookRequest request, String preferred, String fallback) {
		String value = request.header(preferred);
		if (value == null || value.isBlank()) {
			value = request.header(fallback);
		}
		if (value == null || value.isBlank()) {
			throw new WebhookRejectedException(Reason.MALFORMED,
					"Neither the " + preferred + " nor the " + fallback + " header is present");
		}
		return value;
	}

}
