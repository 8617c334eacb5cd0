package dev.webhookreceiver.dispatch;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.webhookreceiver.WebhookEvent;
import dev.webhookreceiver.observation.DefaultWebhookHandlerObservationConvention;
import dev.webhookreceiver.observation.WebhookHandlerObservation;
import dev.webhookreceiver.observation.WebhookHandlerObservationContext;
import dev.webhookreceiver.observation.WebhookHandlerObservationConvention;

import org.springframework.http.HttpHeaders;

/**
 * Runs the {@link dev.webhookreceiver.WebhookHandler @WebhookHandler} methods that match a
 * verified delivery, in handler order, each inside a
 * {@link WebhookHandlerObservation#HANDLER webhook.handler} observation.
 */
public class WebhookDispatcher {

	private static final Log logger = LogFactory.getLog(WebhookDispatcher.class);

	private final WebhookHandlerRegistry registry;

	private final PayloadBinder binder;

	private final ObservationRegistry observationRegistry;

	private final @Nullable WebhookHandlerObservationConvention observationConvention;

	/**
	 * Creates a dispatcher that observes nothing.
	 * @param registry the discovered handlers
	 * @param binder binds bodies to payload parameters
	 */
	public WebhookDispatcher(WebhookHandlerRegistry registry, PayloadBinder binder) {
		this(registry, binder, ObservationRegistry.NOOP, null);
	}

	/**
	 * Creates a dispatcher that observes every handler invocation.
	 * @param registry the discovered handlers
	 * @param binder binds bodies to payload parameters
	 * @param observationRegistry where handler invocations are observed;
	 * {@link ObservationRegistry#NOOP} to observe nothing
	 * @param observationConvention the convention of the observations, or {@code null} for a
	 * global convention of the observation registry or else the
	 * {@link DefaultWebhookHandlerObservationConvention default}
	 */
	public WebhookDispatcher(WebhookHandlerRegistry registry, PayloadBinder binder,
			ObservationRegistry observationRegistry,
			@Nullable WebhookHandlerObservationConvention observationConvention) {
		this.registry = registry;
		this.binder = binder;
		this.observationRegistry = observationRegistry;
		this.observationConvention = observationConvention;
	}

	/**
	 * Creates the event handed to handlers. Its payloads are bound at most once per type; the
	 * body is not copied, so the caller must not change it afterwards.
	 * @param endpoint the name of the endpoint that received the delivery
	 * @param deliveryId the sender's id of the delivery
	 * @param eventType the event type
	 * @param timestamp the signing time, if the provider sends one
	 * @param headers the request headers
	 * @param body the body exactly as received
	 * @return the event
	 */
	public WebhookEvent event(String endpoint, String deliveryId, String eventType, @Nullable Instant timestamp,
			HttpHeaders headers, byte[] body) {
		return event(endpoint, deliveryId, eventType, timestamp, headers, body, null);
	}

	/**
	 * Creates the event of a verified delivery whose body was already parsed as JSON, so that
	 * handlers taking a {@code JsonNode} get that tree instead of a second parse.
	 * @param endpoint the endpoint name
	 * @param deliveryId the delivery id
	 * @param eventType the event type
	 * @param timestamp the signing time, or {@code null}
	 * @param headers the request headers
	 * @param body the body exactly as received; not copied, so the caller must not change it
	 * @param jsonBody the body parsed as JSON by the mapper of the {@link PayloadBinder}, or
	 * {@code null}
	 * @return the event
	 */
	public WebhookEvent event(String endpoint, String deliveryId, String eventType, @Nullable Instant timestamp,
			HttpHeaders headers, byte[] body, @Nullable JsonNode jsonBody) {
		return event(endpoint, Map.of(), deliveryId, eventType, timestamp, headers, body, jsonBody);
	}

	/**
	 * Creates the event of a verified delivery to an endpoint whose path has template variables.
	 * @param endpoint the endpoint name
	 * @param pathVariables the values of the path's template variables, by name
	 * @param deliveryId the sender's delivery id
	 * @param eventType the event type
	 * @param timestamp the signing time, or {@code null}
	 * @param headers the request headers
	 * @param body the body exactly as received; not copied, so the caller must not change it
	 * @param jsonBody the body parsed as JSON by the mapper of the {@link PayloadBinder}, or
	 * {@code null}
	 * @return the event
	 */
	public WebhookEvent event(String endpoint, Map<String, String> pathVariables, String deliveryId,
			String eventType, @Nullable Instant timestamp, HttpHeaders headers, byte[] body,
			@Nullable JsonNode jsonBody) {
		return new DefaultWebhookEvent(endpoint, pathVariables, deliveryId, eventType, timestamp, headers, body,
				jsonBody, this.binder);
	}

	/**
	 * Whether any handler matches an event type of an endpoint.
	 * @param endpoint the endpoint name
	 * @param eventType the event type
	 * @return whether {@link #dispatch(WebhookEvent)} would run a handler
	 */
	public boolean hasHandlers(String endpoint, String eventType) {
		return !this.registry.handlersFor(endpoint, eventType).isEmpty();
	}

	/**
	 * Runs every handler matching the event's endpoint and event type, in order. The arguments
	 * of all of them are resolved before the first one runs, so a payload that does not bind
	 * fails the delivery before any handler has run. A handler's unchecked exception propagates
	 * as it is and stops the handlers after it. Each handler runs in its own observation, which
	 * records what it threw.
	 * @param event the event, usually from {@link #event}
	 * @return how many handlers ran; {@code 0} if none matched
	 * @throws PayloadBindingException if the body does not bind to a payload parameter
	 * @throws WebhookHandlerException if a handler threw a checked exception, or a required
	 * header is missing
	 */
	public int dispatch(WebhookEvent event) {
		return dispatchWithReply(event).handlers();
	}

	/**
	 * Runs the matching handlers as {@link #dispatch(WebhookEvent)} does, and keeps what the
	 * handler that returns a value returned, if any (startup made sure at most one matches).
	 * @param event the event, usually from {@link #event}
	 * @return how many handlers ran, and the reply
	 * @throws PayloadBindingException if the body does not bind to a payload parameter
	 * @throws WebhookHandlerException if a handler threw a checked exception, or a required
	 * header is missing
	 */
	public Dispatch dispatchWithReply(WebhookEvent event) {
		List<WebhookHandlerMethod> handlers = this.registry.handlersFor(event.endpoint(), event.eventType());
		if (handlers.isEmpty()) {
			if (logger.isDebugEnabled()) {
				logger.debug("No handler matches " + event);
			}
			return Dispatch.NONE;
		}
		@Nullable Object[][] arguments = new Object[handlers.size()][];
		for (int i = 0; i < arguments.length; i++) {
			arguments[i] = handlers.get(i).resolveArguments(event);
		}
		WebhookReply reply = null;
		for (int i = 0; i < arguments.length; i++) {
			WebhookHandlerMethod handler = handlers.get(i);
			if (logger.isTraceEnabled()) {
				logger.trace("Invoking " + handler + " for " + event);
			}
			Object returned = invoke(handler, arguments[i], event);
			if (returned != null && handler.replies()) {
				reply = new WebhookReply(returned, handler.produces(), handler.toString());
			}
		}
		return new Dispatch(handlers.size(), reply);
	}

	@SuppressWarnings("try") // the scope makes the observation current while the handler runs
	private @Nullable Object invoke(WebhookHandlerMethod handler, @Nullable Object[] arguments, WebhookEvent event) {
		Observation observation = WebhookHandlerObservation.HANDLER.observation(this.observationConvention,
				DefaultWebhookHandlerObservationConvention.INSTANCE,
				() -> new WebhookHandlerObservationContext(event, handler.toString(), handler.beanName(),
						handler.method()),
				this.observationRegistry);
		observation.start();
		try (Observation.Scope scope = observation.openScope()) {
			return handler.invoke(arguments, observation);
		}
		finally {
			observation.stop();
		}
	}

	/**
	 * What dispatching a delivery did.
	 *
	 * @param handlers how many handlers ran; {@code 0} if none matched
	 * @param reply what the handler that returns a value returned, or {@code null} if no such
	 * handler matched or it returned {@code null}
	 */
	public record Dispatch(int handlers, @Nullable WebhookReply reply) {

		static final Dispatch NONE = new Dispatch(0, null);

	}

}
