package dev.webhookreceiver.verify;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Reads the id of an authentic delivery whose event type is already known, so that a delivery
 * refused for lacking its id is still counted under its event type.
 */
final class DeliveryId {

	private DeliveryId() {
	}

	/**
	 * Reads the id of a delivery of the given event type.
	 * @param eventType the event type of the delivery
	 * @param reader reads the id, throwing a {@link WebhookRejectedException} if the delivery
	 * has none
	 * @return the delivery id
	 * @throws WebhookRejectedException what the reader threw, with the event type
	 */
	static String require(String eventType, Supplier<String> reader) {
		try {
			return reader.get();
		}
		catch (WebhookRejectedException ex) {
			throw new WebhookRejectedException(ex.reason(), ex.getMessage(), eventType);
		}
	}

	/**
	 * Reads the id of a delivery of the given event type where an endpoint's expression says,
	 * or hashes the body where the endpoint has none.
	 * @param expression where the id is, or {@code null} for the SHA-256 of the body
	 * @param fields the request's fields
	 * @param eventType the event type of the delivery
	 * @return the delivery id
	 * @throws WebhookRejectedException {@link WebhookRejectedException.Reason#MALFORMED}, with
	 * the event type, if the request has no id where the expression says
	 */
	static String read(@Nullable FieldExpression expression, RequestFields fields, String eventType) {
		if (expression == null) {
			return BodyHash.sha256Hex(fields.request().body());
		}
		return require(eventType, () -> expression.require(fields, "delivery id"));
	}

}
