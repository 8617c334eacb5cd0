package dev.webhookreceiver.web;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.webhookreceiver.WebhookEvent;
import dev.webhookreceiver.WebhookHandler;

/**
 * A handler of every event on every endpoint that records what it was called with, so that
 * every verified delivery is {@code processed} and every call can be checked.
 */
class RecordingHandler {

	final List<Call> calls = new CopyOnWriteArrayList<>();

	@WebhookHandler
	void anyEvent(WebhookEvent event) {
		this.calls.add(new Call(event.endpoint(), event.deliveryId(), event.eventType()));
	}

	/**
	 * One call of the handler.
	 *
	 * @param endpoint the endpoint name
	 * @param deliveryId the delivery id
	 * @param eventType the event type
	 */
	record Call(String endpoint, String deliveryId, String eventType) {
	}

}
