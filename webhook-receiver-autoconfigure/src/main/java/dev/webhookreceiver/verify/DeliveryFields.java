package dev.webhookreceiver.verify;

import java.util.Arrays;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.json.JsonMapper;

import dev.webhookreceiver.WebhookConfigurationException;
import dev.webhookreceiver.verify.FieldExpression.Property;

/**
 * Where a built-in provider reads the delivery id and the event type of an endpoint's
 * deliveries: where its sender puts them, unless the endpoint's {@code delivery-id} or
 * {@code event-type} expression ({@code header:NAME}, {@code json:/pointer}, {@code form:NAME},
 * and {@code fixed:NAME} for the event type; not {@code xml:/pointer}, as no preset's sender
 * sends XML) says otherwise.
 * <p>
 * An authentic delivery without an event type has the empty event type, which only {@code *}
 * handlers match: it is recorded and dispatched, not refused, since a refused delivery is
 * retried by its sender until it is lost. One without a delivery id is refused
 * ({@link WebhookRejectedException.Reason#MALFORMED MALFORMED}) where the scheme has no
 * fallback, since the id is what tells a redelivery from a new delivery.
 */
final class DeliveryFields {

	/** The event type of a delivery that names none. */
	static final String NO_EVENT_TYPE = "";

	private static final DeliveryFields PRESET = new DeliveryFields(null, null);

	private final @Nullable FieldExpression deliveryId;

	private final @Nullable FieldExpression eventType;

	private DeliveryFields(@Nullable FieldExpression deliveryId, @Nullable FieldExpression eventType) {
		this.deliveryId = deliveryId;
		this.eventType = eventType;
	}

	/**
	 * Parses an endpoint's overrides, once per endpoint.
	 * @param endpoint the endpoint
	 * @return where the endpoint's deliveries are identified
	 * @throws dev.webhookreceiver.WebhookConfigurationException if an expression is invalid
	 */
	static DeliveryFields of(WebhookEndpoint endpoint) {
		FieldExpression deliveryId = presetOverride(endpoint, Property.DELIVERY_ID);
		FieldExpression eventType = presetOverride(endpoint, Property.EVENT_TYPE);
		return (deliveryId == null && eventType == null) ? PRESET : new DeliveryFields(deliveryId, eventType);
	}

	private static @Nullable FieldExpression presetOverride(WebhookEndpoint endpoint, Property property) {
		FieldExpression expression = FieldExpression.of(endpoint, property);
		if (expression != null && expression.source() == FieldExpression.Source.XML) {
			throw new WebhookConfigurationException("Invalid " + endpoint.propertyPrefix() + "."
					+ property.propertyName() + " '" + expression + "': the '" + endpoint.provider()
					+ "' provider's deliveries are not XML; xml: expressions are for the 'hmac' and 'none' "
					+ "providers.", "Use header:NAME, json:/pointer or form:NAME.");
		}
		return expression;
	}

	/**
	 * Whether the endpoint overrides where the event type is.
	 * @return whether {@code event-type} is set
	 */
	boolean overridesEventType() {
		return this.eventType != null;
	}

	/**
	 * The fields of a verified request, to read the preset's and the overrides' values from,
	 * with the JSON fields of both read in one pass, if the body is read at all.
	 * @param request the verified request
	 * @param jsonMapper the mapper to read a JSON body with
	 * @param presetFields the JSON fields the provider reads
	 * @return the request's fields
	 */
	RequestFields fields(WebhookRequest request, JsonMapper jsonMapper, JsonPointer... presetFields) {
		if (this == PRESET) {
			return new RequestFields(request, jsonMapper, presetFields);
		}
		JsonPointer[] overrides = FieldExpression.jsonPointers(this.deliveryId, this.eventType);
		JsonPointer[] all = Arrays.copyOf(presetFields, presetFields.length + overrides.length);
		System.arraycopy(overrides, 0, all, presetFields.length, overrides.length);
		return new RequestFields(request, jsonMapper, all);
	}

	/**
	 * The event type of a verified delivery.
	 * @param fields the request's fields
	 * @param preset reads the event type where the sender puts it, {@code null} if absent
	 * @return the event type, {@link #NO_EVENT_TYPE} if the delivery has none
	 * @throws WebhookRejectedException {@link WebhookRejectedException.Reason#MALFORMED} if
	 * the body cannot be read as the expression or the preset needs
	 */
	String eventType(RequestFields fields, Supplier<@Nullable String> preset) {
		String eventType = (this.eventType != null) ? this.eventType.read(fields) : preset.get();
		return (eventType != null && !eventType.isBlank()) ? eventType : NO_EVENT_TYPE;
	}

	/**
	 * The delivery id of a verified delivery.
	 * @param fields the request's fields
	 * @param eventType the delivery's event type, for the refusal
	 * @param preset reads the delivery id where the sender puts it, throwing a
	 * {@link WebhookRejectedException} if it is absent
	 * @return the delivery id
	 * @throws WebhookRejectedException {@link WebhookRejectedException.Reason#MALFORMED}, with
	 * the event type, if the delivery has no id
	 */
	String deliveryId(RequestFields fields, String eventType, Supplier<String> preset) {
		FieldExpression expression = this.deliveryId;
		return DeliveryId.require(eventType,
				(expression != null) ? () -> expression.require(fields, "delivery id") : preset);
	}

}
