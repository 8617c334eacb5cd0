package dev.webhookreceiver.observation;

import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Keeps the {@code webhook.handler} timers to {@value MicrometerDeliveryMetrics#MAX_EVENT_TYPES}
 * values of their {@code event} tag: a handler that takes any event type ({@code "*"}, or a
 * pattern such as {@code "issues.*"}) is timed per event type, and the event type comes from the
 * sender, unsigned by some. Past the limit, the timers of further event types are not
 * registered (the handlers still run and are still traced), and a warning is logged once.
 */
public final class EventTypeLimitMeterFilter {

	private static final Log logger = LogFactory.getLog(EventTypeLimitMeterFilter.class);

	private EventTypeLimitMeterFilter() {
	}

	/**
	 * The filter, for the application's meter registries.
	 * @return the filter
	 */
	public static MeterFilter forHandlerTimers() {
		AtomicBoolean warned = new AtomicBoolean();
		MeterFilter deny = new MeterFilter() {

			@Override
			public MeterFilterReply accept(Meter.Id id) {
				if (warned.compareAndSet(false, true)) {
					logger.warn("The " + DefaultWebhookHandlerObservationConvention.NAME + " timers have reached "
							+ MicrometerDeliveryMetrics.MAX_EVENT_TYPES + " values of their event tag; handlers of "
							+ "further event types, such as '" + id.getTag("event") + "', are not timed. A handler "
							+ "that takes any event type gets them from its senders, who may not sign them");
				}
				return MeterFilterReply.DENY;
			}

		};
		return MeterFilter.maximumAllowableTags(DefaultWebhookHandlerObservationConvention.NAME, "event",
				MicrometerDeliveryMetrics.MAX_EVENT_TYPES, deny);
	}

}
