package dev.webhookreceiver.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observation of one {@link dev.webhookreceiver.WebhookHandler @WebhookHandler} method
 * handling one delivery. With Micrometer's meter observation handler it becomes the timer
 * {@code webhook.handler}, tagged with these keys and the {@code error} tag that handler adds.
 */
public enum WebhookHandlerObservation implements ObservationDocumentation {

	/**
	 * One handler invocation, named {@code webhook.handler} by the
	 * {@link DefaultWebhookHandlerObservationConvention default convention}.
	 */
	HANDLER {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultWebhookHandlerObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

	};

	/**
	 * The low-cardinality keys of a handler observation, which become the timer's tags.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/** The name of the endpoint that received the delivery. */
		ENDPOINT {

			@Override
			public String asString() {
				return "endpoint";
			}

		},

		/** The event type of the delivery. */
		EVENT {

			@Override
			public String asString() {
				return "event";
			}

		},

		/** The handler method, for example {@code OrderHandlers.onOrder(Order)}. */
		HANDLER {

			@Override
			public String asString() {
				return "handler";
			}

		},

		/**
		 * {@code none}, or the simple class name of what the handler threw. Named as in Spring's
		 * own observations: Micrometer's meter handler adds the timer's {@code error} tag, and an
		 * {@code error} key on every span would mark it failed in Zipkin.
		 */
		EXCEPTION {

			@Override
			public String asString() {
				return "exception";
			}

		}

	}

}
