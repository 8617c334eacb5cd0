package dev.webhookreceiver.dispatch;

import java.util.List;

/**
 * A read-only description of a discovered {@link dev.webhookreceiver.WebhookHandler
 * @WebhookHandler} method, for listings such as an Actuator endpoint.
 *
 * @param beanName the name of the bean that declares the handler
 * @param method the handler method, as {@code com.example.OrderHandlers.onOrder(Order, String)}
 * @param endpoint the endpoint it listens to, empty for every endpoint
 * @param events its event type patterns, empty for every event
 * @param order its order among the handlers of one delivery (lower runs first)
 */
public record WebhookHandlerDescription(String beanName, String method, String endpoint, List<String> events,
		int order) {

}
