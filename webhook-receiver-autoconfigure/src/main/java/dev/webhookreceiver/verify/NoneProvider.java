package dev.webhookreceiver.verify;

import java.time.Clock;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.webhookreceiver.verify.FieldExpression.Property;

/**
 * Accepts every delivery without verifying it, for senders that sign nothing. Anyone who can
 * reach such an endpoint can send deliveries to it, so the receiver logs a warning for it at
 * startup, and it needs no secret. Signature and timestamp settings are ignored.
 * <p>
 * The delivery id is read where the endpoint's {@code delivery-id} says ({@code header:NAME},
 * {@code json:/pointer}, {@code xml:/pointer}, {@code form:NAME}), else it is the SHA-256 of
 * the body. The event type is read where the endpoint's {@code event-type} says, which must be
 * configured ({@code header:NAME}, {@code json:/pointer}, {@code xml:/pointer},
 * {@code form:NAME}, {@code fixed:NAME}); a delivery that has none there has the empty event
 * type.
 */
public final class NoneProvider implements WebhookProvider {

	private final JsonMapper jsonMapper;

	private final @Nullable XmlBodies xml;

	private final PerEndpoint<Settings> settings = new PerEndpoint<>(Settings::of);

	/**
	 * Creates a provider.
	 * @param jsonMapper the mapper to read {@code json:} expressions with
	 */
	public NoneProvider(JsonMapper jsonMapper) {
		this(jsonMapper, null);
	}

	/**
	 * Creates a provider that also reads {@code xml:} expressions.
	 * @param jsonMapper the mapper to read {@code json:} expressions with
	 * @param xml the reader of XML bodies for {@code xml:} expressions, or {@code null} if
	 * Jackson's XML module is absent
	 */
	public NoneProvider(JsonMapper jsonMapper, @Nullable XmlBodies xml) {
		this.jsonMapper = jsonMapper;
		this.xml = xml;
	}

	@Override
	public String name() {
		return "none";
	}

	@Override
	public boolean requiresSecret() {
		return false;
	}

	@Override
	public void validate(WebhookEndpoint endpoint) {
		this.settings.get(endpoint);
	}

	@Override
	public VerifiedDelivery verify(WebhookRequest request, WebhookEndpoint endpoint, Clock clock) {
		Settings settings = this.settings.get(endpoint);
		RequestFields fields = new RequestFields(request, this.jsonMapper, this.xml,
				FieldExpression.jsonPointers(settings.eventType(), settings.deliveryId()));
		String eventType = settings.eventType().read(fields);
		if (eventType == null) {
			eventType = DeliveryFields.NO_EVENT_TYPE;
		}
		return new VerifiedDelivery(DeliveryId.read(settings.deliveryId(), fields, eventType), eventType, null);
	}

	/**
	 * An endpoint's settings, parsed once.
	 *
	 * @param deliveryId where the delivery id is, or {@code null} for the body's hash
	 * @param eventType where the event type is
	 */
	private record Settings(@Nullable FieldExpression deliveryId, FieldExpression eventType) {

		static Settings of(WebhookEndpoint endpoint) {
			return new Settings(FieldExpression.of(endpoint, Property.DELIVERY_ID),
					FieldExpression.required(endpoint, Property.EVENT_TYPE));
		}

	}

}
