package dev.webhookreceiver.dispatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.util.ConcurrentLruCache;

/**
 * The discovered {@link dev.webhookreceiver.WebhookHandler @WebhookHandler} methods, kept in
 * handler order, with a bounded cache of the handlers per endpoint and event type.
 * <p>
 * Handlers are registered at startup by {@link WebhookHandlerMethodProcessor}.
 */
public class WebhookHandlerRegistry {

	private static final int CACHE_CAPACITY = 256;

	private static final Comparator<WebhookHandlerMethod> HANDLER_ORDER = Comparator
		.comparingInt(WebhookHandlerMethod::order);

	private volatile List<WebhookHandlerMethod> handlers = List.of();

	private final ConcurrentLruCache<Delivery, List<WebhookHandlerMethod>> matchingHandlers = new ConcurrentLruCache<>(
			CACHE_CAPACITY, this::match);

	/**
	 * Registers a handler. Handlers of equal order keep their registration order.
	 * @param handler the handler
	 */
	synchronized void register(WebhookHandlerMethod handler) {
		List<WebhookHandlerMethod> handlers = new ArrayList<>(this.handlers);
		handlers.add(handler);
		handlers.sort(HANDLER_ORDER);
		this.handlers = List.copyOf(handlers);
		this.matchingHandlers.clear();
	}

	/**
	 * The handlers of deliveries with the given endpoint and event type, in the order they run.
	 * @param endpoint the endpoint name
	 * @param eventType the event type
	 * @return the matching handlers, empty if none
	 */
	public List<WebhookHandlerMethod> handlersFor(String endpoint, String eventType) {
		return this.matchingHandlers.get(new Delivery(endpoint, eventType));
	}

	/**
	 * The handlers that may run for deliveries of an endpoint: those of that endpoint and
	 * those of every endpoint, in handler order.
	 * @param endpoint the endpoint name
	 * @return the handlers, empty if none
	 */
	public List<WebhookHandlerMethod> handlersOf(String endpoint) {
		return this.handlers.stream()
			.filter((handler) -> handler.endpoint().isEmpty() || handler.endpoint().equals(endpoint))
			.toList();
	}

	/**
	 * Every registered handler, in handler order.
	 * @return the handlers
	 */
	public List<WebhookHandlerMethod> handlers() {
		return this.handlers;
	}

	/**
	 * Describes every registered handler, in handler order.
	 * @return the descriptions
	 */
	public List<WebhookHandlerDescription> handlerDescriptions() {
		return this.handlers.stream().map(WebhookHandlerMethod::description).toList();
	}

	private List<WebhookHandlerMethod> match(Delivery delivery) {
		return this.handlers.stream()
			.filter((handler) -> handler.matches(delivery.endpoint(), delivery.eventType()))
			.toList();
	}

	private record Delivery(String endpoint, String eventType) {

	}

}
