package dev.webhookreceiver.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * An {@link ObservationConvention} of {@link WebhookHandlerObservation#HANDLER handler
 * observations}. Define a bean of this type to replace the
 * {@link DefaultWebhookHandlerObservationConvention default one}, usually by extending it.
 */
public interface WebhookHandlerObservationConvention extends ObservationConvention<WebhookHandlerObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof WebhookHandlerObservationContext;
	}

}
