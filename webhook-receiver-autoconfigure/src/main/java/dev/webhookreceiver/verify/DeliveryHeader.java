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

}
