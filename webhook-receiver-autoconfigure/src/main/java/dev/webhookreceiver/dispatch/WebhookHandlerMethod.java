package dev.webhookreceiver.dispatch;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import dev.webhookreceiver.WebhookConfigurationException;
import dev.webhookreceiver.WebhookEvent;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedMethod;
import org.springframework.http.MediaType;
import org.springframework.util.ReflectionUtils;

/**
 * A discovered {@link dev.webhookreceiver.WebhookHandler @WebhookHandler} method: which
 * deliveries it handles, in which order, and how its arguments are resolved (chosen once, at
 * startup).
 */
public final class WebhookHandlerMethod {

	private static final ParameterNameDiscoverer parameterNameDiscoverer = new DefaultParameterNameDiscoverer();

	private static final String SUPPORTED_PARAMETERS = "A @WebhookHandler method takes at most one payload parameter "
			+ "(unannotated: a record, POJO, JsonNode, Map, String or byte[]), WebhookEvent, "
			+ "and @WebhookHeader String parameters; change the method's parameters accordingly.";

	private final String beanName;

	private final Class<?> beanType;

	private final Method method;

	private final Method invocableMethod;

	private final Supplier<Object> bean;

	private final String endpoint;

	private final List<EventTypePattern> eventPatterns;

	private final int order;

	private final List<MediaType> produces;

	private final boolean replies;

	private final MethodParameter[] parameters;

	private final WebhookArgumentResolver[] resolvers;

	/** Named in logs and in every handler observation: built once. */
	private final String description;

	/**
	 * Creates a handler method and chooses the resolver of each parameter.
	 * @param beanName the name of the bean
	 * @param beanType the user class of the bean
	 * @param method the annotated method, as declared on the user class
	 * @param invocableMethod the method to invoke on the bean, which may be a proxy
	 * @param bean supplies the bean on each invocation
	 * @param endpoint the endpoint name, empty for every endpoint
	 * @param eventPatterns the event type patterns, empty for every event
	 * @param order the order among the handlers of one delivery
	 * @param produces the media types of the handler's return value, empty for any
	 * @param resolvers the available resolvers, the first supporting a parameter wins
	 * @throws IllegalStateException if a parameter cannot be resolved or there is more than one
	 * payload parameter
	 */
	WebhookHandlerMethod(String beanName, Class<?> beanType, Method method, Method invocableMethod,
			Supplier<Object> bean, String endpoint, List<EventTypePattern> eventPatterns, int order,
			List<MediaType> produces, List<WebhookArgumentResolver> resolvers) {
		this.beanName = beanName;
		this.beanType = beanType;
		this.method = method;
		this.description = beanType.getSimpleName() + "." + signature(method);
		this.invocableMethod = invocableMethod;
		this.bean = bean;
		this.endpoint = endpoint;
		this.eventPatterns = List.copyOf(eventPatterns);
		this.order = order;
		this.produces = List.copyOf(produces);
		this.replies = method.getReturnType() != void.class && method.getReturnType() != Void.class;
		this.parameters = new BeanMethod(method, beanType).getMethodParameters();
		this.resolvers = new WebhookArgumentResolver[this.parameters.length];
		@Nullable MethodParameter payload = null;
		for (int i = 0; i < this.parameters.length; i++) {
			MethodParameter parameter = this.parameters[i];
			parameter.initParameterNameDiscovery(parameterNameDiscoverer);
			WebhookArgumentResolver resolver = resolvers.stream()
				.filter((candidate) -> candidate.supportsParameter(parameter))
				.findFirst()
				.orElseThrow(() -> new WebhookConfigurationException(
						"Cannot resolve " + describe(parameter) + " of " + describeWithBean() + ".",
						SUPPORTED_PARAMETERS));
			if (resolver instanceof PayloadArgumentResolver) {
				if (payload != null) {
					throw new WebhookConfigurationException(describeWithBean() + " has more than one payload "
							+ "parameter: " + describe(payload) + " and " + describe(parameter) + ".",
							SUPPORTED_PARAMETERS);
				}
				payload = parameter;
			}
			this.resolvers[i] = resolver;
		}
		ReflectionUtils.makeAccessible(invocableMethod);
	}

	/**
	 * The name of the bean that declares this handler.
	 * @return the bean name
	 */
	public String beanName() {
		return this.beanName;
	}

	/**
	 * The handler method, as declared on the user class of the bean.
	 * @return the method
	 */
	public Method method() {
		return this.method;
	}

	/**
	 * The endpoint this handler listens to.
	 * @return the endpoint name, empty for every endpoint
	 */
	public String endpoint() {
		return this.endpoint;
	}

	/**
	 * The event type patterns of this handler.
	 * @return the patterns, empty for every event
	 */
	public List<EventTypePattern> eventPatterns() {
		return this.eventPatterns;
	}

	/**
	 * The order of this handler among the handlers of one delivery; lower runs first.
	 * @return the order
	 */
	public int order() {
		return this.order;
	}

	/**
	 * Whether this handler returns a value, the body of the answer to the sender.
	 * @return whether it replies
	 */
	public boolean replies() {
		return this.replies;
	}

	/**
	 * The media types this handler's return value may be written in.
	 * @return the media types, empty for any
	 */
	public List<MediaType> produces() {
		return this.produces;
	}

	/**
	 * Whether some delivery could match both this handler and another: their endpoints and
	 * their event patterns overlap.
	 * @param other the other handler
	 * @return whether one delivery can match both
	 */
	public boolean overlaps(WebhookHandlerMethod other) {
		boolean endpoints = this.endpoint.isEmpty() || other.endpoint.isEmpty()
				|| this.endpoint.equals(other.endpoint);
		return endpoints && (this.eventPatterns.isEmpty() || other.eventPatterns.isEmpty()
				|| this.eventPatterns.stream()
					.anyMatch((pattern) -> other.eventPatterns.stream().anyMatch(pattern::overlaps)));
	}

	/**
	 * Whether this handler handles deliveries of the given endpoint and event type.
	 * @param endpoint the endpoint name
	 * @param eventType the event type
	 * @return whether it matches
	 */
	public boolean matches(String endpoint, String eventType) {
		return (this.endpoint.isEmpty() || this.endpoint.equals(endpoint)) && (this.eventPatterns.isEmpty()
				|| this.eventPatterns.stream().anyMatch((pattern) -> pattern.matches(eventType)));
	}

	/**
	 * Describes this handler for listings.
	 * @return the description
	 */
	public WebhookHandlerDescription description() {
		return new WebhookHandlerDescription(this.beanName, this.beanType.getName() + "." + signature(this.method),
				this.endpoint, this.eventPatterns.stream().map(EventTypePattern::toString).toList(), this.order);
	}

	/**
	 * Resolves every argument of this handler.
	 * @param event the delivery
	 * @return the arguments
	 * @throws PayloadBindingException if the body does not bind to the payload parameter
	 * @throws WebhookHandlerException if another argument cannot be resolved
	 */
	@Nullable Object[] resolveArguments(WebhookEvent event) {
		@Nullable Object[] arguments = new Object[this.parameters.length];
		for (int i = 0; i < this.parameters.length; i++) {
			try {
				arguments[i] = this.resolvers[i].resolveArgument(this.parameters[i], event);
			}
			catch (PayloadBindingException ex) {
				throw ex;
			}
			catch (RuntimeException ex) {
				throw new WebhookHandlerException("Cannot resolve " + describe(this.parameters[i]) + " of "
						+ describeWithBean() + ": " + ex.getMessage(), ex);
			}
		}
		return arguments;
	}

	/**
	 * Invokes this handler. Unchecked exceptions and errors of the handler propagate as they
	 * are; checked ones are wrapped in a {@link WebhookHandlerException}.
	 * @param arguments the arguments from {@link #resolveArguments}
	 * @param observation the observation of this invocation; its error is set to whatever fails
	 * the invocation, and to a checked exception of the handler before it is wrapped, so that
	 * the {@code error} tag names the handler's own exception
	 * @return what the handler returned, {@code null} for a {@code void} handler
	 */
	@Nullable Object invoke(@Nullable Object[] arguments, Observation observation) {
		Object bean = bean(observation);
		try {
			return this.invocableMethod.invoke(bean, arguments);
		}
		catch (InvocationTargetException ex) {
			Throwable failure = ex.getTargetException();
			observation.error(failure);
			if (failure instanceof RuntimeException runtimeException) {
				throw runtimeException;
			}
			if (failure instanceof Error error) {
				throw error;
			}
			throw new WebhookHandlerException(describeWithBean() + " threw " + failure, failure);
		}
		catch (IllegalAccessException | IllegalArgumentException ex) {
			WebhookHandlerException failure = new WebhookHandlerException(
					"Cannot invoke " + describeWithBean() + " on " + bean.getClass().getName() + ": " + ex.getMessage(),
					ex);
			observation.error(failure);
			throw failure;
		}
	}

	private Object bean(Observation observation) {
		try {
			return this.bean.get();
		}
		catch (RuntimeException | Error ex) {
			observation.error(ex);
			throw ex;
		}
	}

	@Override
	public String toString() {
		return this.description;
	}

	private String describeWithBean() {
		return this + " (bean '" + this.beanName + "')";
	}

	/**
	 * Describes a method by its name and the simple names of its parameter types.
	 * @param method the method
	 * @return for example {@code onOrder(Order, String)}
	 */
	static String signature(Method method) {
		return method.getName() + Arrays.stream(method.getParameterTypes())
			.map(Class::getSimpleName)
			.collect(Collectors.joining(", ", "(", ")"));
	}

	private static String describe(MethodParameter parameter) {
		String name = parameter.getParameterName();
		return "parameter " + parameter.getParameterIndex() + " (" + parameter.getParameterType().getSimpleName()
				+ ((name != null) ? " " + name : "") + ")";
	}

	/**
	 * The handler method as declared on the bean's class: its parameters see the annotations of
	 * overridden interface methods and resolve type variables against the bean's class.
	 */
	private static final class BeanMethod extends AnnotatedMethod {

		private final Class<?> beanType;

		BeanMethod(Method method, Class<?> beanType) {
			super(method);
			this.beanType = beanType;
		}

		@Override
		protected Class<?> getContainingClass() {
			return this.beanType;
		}

	}

}
