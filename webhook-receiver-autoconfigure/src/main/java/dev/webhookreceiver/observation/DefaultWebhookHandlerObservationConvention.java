package dev.webhookreceiver.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import dev.webhookreceiver.observation.WebhookHandlerObservation.LowCardinalityKeyNames;

/**
 * The default {@link WebhookHandlerObservationConvention}: the observation {@code webhook.handler}
 * with the low-cardinality keys {@code endpoint}, {@code event}, {@code handler} and
 * {@code exception}, named after the handler in traces.
 */
public class DefaultWebhookHandlerObservationConvention implements WebhookHandlerObservationConvention {

	/** The shared instance. */
	public static final DefaultWebhookHandlerObservationConvention INSTANCE =
			new DefaultWebhookHandlerObservationConvention();

	/** The name of the observation, and of the timer it becomes. */
	public static final String NAME = "webhook.handler";

	/** The value of the {@code exception} key when the handler completed. */
	public static final String NO_EXCEPTION = "none";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(WebhookHandlerObservationContext context) {
		return context.getHandler();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(WebhookHandlerObservationContext context) {
		return KeyValues.of(endpoint(context), event(context), handler(context), exception(context));
	}

	/**
	 * The {@code endpoint} key value.
	 * @param context the context
	 * @return the endpoint name
	 */
	protected KeyValue endpoint(WebhookHandlerObservationContext context) {
		return LowCardinalityKeyNames.ENDPOINT.withValue(context.getEvent().endpoint());
	}

	/**
	 * The {@code event} key value.
	 * @param context the context
	 * @return the event type
	 */
	protected KeyValue event(WebhookHandlerObservationContext context) {
		return LowCardinalityKeyNames.EVENT.withValue(context.getEvent().eventType());
	}

	/**
	 * The {@code handler} key value.
	 * @param context the context
	 * @return the handler, for example {@code OrderHandlers.onOrder(Order)}
	 */
	protected KeyValue handler(WebhookHandlerObservationContext context) {
		return LowCardinalityKeyNames.HANDLER.withValue(context.getHandler());
	}

	/**
	 * The {@code exception} key value.
	 * @param context the context
	 * @return {@code none}, or the simple class name of what the handler threw (as
	 * Micrometer's meter observation handler names it in the timer's {@code error} tag)
	 */
	protected KeyValue exception(WebhookHandlerObservationContext context) {
		Throwable error = context.getError();
		return LowCardinalityKeyNames.EXCEPTION
			.withValue((error != null) ? error.getClass().getSimpleName() : NO_EXCEPTION);
	}

}
