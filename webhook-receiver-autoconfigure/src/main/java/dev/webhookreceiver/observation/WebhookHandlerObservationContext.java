package dev.webhookreceiver.observation;

import java.lang.reflect.Method;

import io.micrometer.observation.Observation;

import dev.webhookreceiver.WebhookEvent;

/**
 * The context of a {@link WebhookHandlerObservation#HANDLER handler observation}: the event a
 * {@link dev.webhookreceiver.WebhookHandler @WebhookHandler} method handles and that method. Its
 * {@linkplain #getError() error} is what the handler threw, checked exceptions included.
 */
public class WebhookHandlerObservationContext extends Observation.Context {

	private final WebhookEvent event;

	private final String handler;

	private final String beanName;

	private final Method method;

	/**
	 * Creates a context.
	 * @param event the event being handled
	 * @param handler the handler described by the simple name of its bean class and its
	 * signature, for example {@code OrderHandlers.onOrder(Order)}
	 * @param beanName the name of the bean that declares the handler
	 * @param method the handler method, as declared on the user class of the bean
	 */
	public WebhookHandlerObservationContext(WebhookEvent event, String handler, String beanName, Method method) {
		this.event = event;
		this.handler = handler;
		this.beanName = beanName;
		this.method = method;
	}

	/**
	 * The event being handled.
	 * @return the event
	 */
	public WebhookEvent getEvent() {
		return this.event;
	}

	/**
	 * The handler, for example {@code OrderHandlers.onOrder(Order)}.
	 * @return the description of the handler
	 */
	public String getHandler() {
		return this.handler;
	}

	/**
	 * The name of the bean that declares the handler.
	 * @return the bean name
	 */
	public String getBeanName() {
		return this.beanName;
	}

	/**
	 * The handler method, as declared on the user class of the bean.
	 * @return the method
	 */
	public Method getMethod() {
		return this.method;
	}

}
