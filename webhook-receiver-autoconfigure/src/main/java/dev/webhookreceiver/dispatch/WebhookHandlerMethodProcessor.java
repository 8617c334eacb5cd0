package dev.webhookreceiver.dispatch;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.webhookreceiver.WebhookConfigurationException;
import dev.webhookreceiver.WebhookHandler;

import org.springframework.aop.SpringProxy;
import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedObject;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.annotation.OrderUtils;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;

/**
 * Finds the {@link WebhookHandler @WebhookHandler} methods of every bean once all singletons
 * are created, checks them, and registers them with a {@link WebhookHandlerRegistry}.
 * <p>
 * Handlers may be declared on proxied beans (for example {@code @Transactional} ones) and
 * through composed annotations. A handler's order is its method's
 * {@link org.springframework.core.annotation.Order @Order}, else its bean's
 * {@link Ordered} or {@code @Order}, else last. A handler naming an endpoint that is not
 * configured, an invalid event pattern, a parameter that cannot be resolved, more than one
 * payload parameter, a method that the bean's proxy cannot pass a call on to (a private or
 * final method of a bean proxied by class), two handlers returning a value that can match one
 * delivery, or one returning a value on an async endpoint fails startup with a
 * {@link WebhookConfigurationException} naming the bean and the method.
 */
public class WebhookHandlerMethodProcessor implements SmartInitializingSingleton, BeanFactoryAware {

	private static final Log logger = LogFactory.getLog(WebhookHandlerMethodProcessor.class);

	private final WebhookHandlerRegistry registry;

	private final Set<String> endpointNames;

	private final Set<String> asyncEndpointNames;

	private final List<WebhookArgumentResolver> argumentResolvers;

	private final Set<Class<?>> nonAnnotatedClasses = ConcurrentHashMap.newKeySet(64);

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	/**
	 * Creates a processor.
	 * @param registry the registry to fill
	 * @param endpointNames the names of the configured endpoints
	 * @param binder binds bodies to payload parameters
	 */
	public WebhookHandlerMethodProcessor(WebhookHandlerRegistry registry, Set<String> endpointNames,
			PayloadBinder binder) {
		this(registry, endpointNames, Set.of(), binder);
	}

	/**
	 * Creates a processor for endpoints of which some are processed asynchronously, where no
	 * handler can reply to the sender.
	 * @param registry the registry to fill
	 * @param endpointNames the names of the configured endpoints
	 * @param asyncEndpointNames the names of the endpoints processed by workers after the answer
	 * @param binder binds bodies to payload parameters
	 */
	public WebhookHandlerMethodProcessor(WebhookHandlerRegistry registry, Set<String> endpointNames,
			Set<String> asyncEndpointNames, PayloadBinder binder) {
		this.registry = registry;
		this.endpointNames = new TreeSet<>(endpointNames);
		this.asyncEndpointNames = new TreeSet<>(asyncEndpointNames);
		this.argumentResolvers = List.of(new WebhookEventArgumentResolver(), new WebhookHeaderArgumentResolver(),
				new PayloadArgumentResolver(binder));
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		Assert.isInstanceOf(ConfigurableListableBeanFactory.class, beanFactory,
				"WebhookHandlerMethodProcessor requires a ConfigurableListableBeanFactory");
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		ConfigurableListableBeanFactory beanFactory = this.beanFactory;
		Assert.state(beanFactory != null, "No BeanFactory set");
		for (String beanName : beanFactory.getBeanNamesForType(Object.class)) {
			if (ScopedProxyUtils.isScopedTarget(beanName)) {
				continue;
			}
			Class<?> type = targetClass(beanFactory, beanName);
			if (type != null && ScopedObject.class.isAssignableFrom(type)) {
				type = targetClass(beanFactory, ScopedProxyUtils.getTargetBeanName(beanName));
			}
			if (type != null) {
				processBean(beanFactory, beanName, type);
			}
		}
		checkReplies();
	}

	/**
	 * Fails unless every delivery has at most one handler that returns a value, and that
	 * handler's endpoint answers after the handlers ran.
	 */
	private void checkReplies() {
		List<WebhookHandlerMethod> replying = this.registry.handlers()
			.stream()
			.filter(WebhookHandlerMethod::replies)
			.toList();
		for (int i = 0; i < replying.size(); i++) {
			WebhookHandlerMethod handler = replying.get(i);
			String async = handler.endpoint().isEmpty() ? this.asyncEndpointNames.stream().findFirst().orElse(null)
					: this.asyncEndpointNames.contains(handler.endpoint()) ? handler.endpoint() : null;
			if (async != null) {
				throw new WebhookConfigurationException("@WebhookHandler " + describe(handler) + " returns a value, "
						+ "but it listens to endpoint '" + async + "', which is processed asynchronously: its "
						+ "deliveries are answered 202 before any handler runs, so the value could never be sent.",
						"Return void and reply through the sender's API, or process the endpoint synchronously "
								+ "(webhook.receiver.endpoints." + async + ".processing.mode=sync)"
								+ (handler.endpoint().isEmpty() ? ", or name a sync endpoint in the annotation." : "."));
			}
			for (WebhookHandlerMethod other : replying.subList(i + 1, replying.size())) {
				if (handler.overlaps(other)) {
					throw new WebhookConfigurationException("@WebhookHandler " + describe(handler) + " and "
							+ describe(other) + " both return a value and can match the same delivery, which can "
							+ "be answered with one value only.",
							"Let one of them return void, or narrow their endpoint or event patterns so that no "
									+ "delivery matches both.");
				}
			}
		}
	}

	private static String describe(WebhookHandlerMethod handler) {
		return handler + " (bean '" + handler.beanName() + "')";
	}

	private void processBean(ConfigurableListableBeanFactory beanFactory, String beanName, Class<?> targetType) {
		if (this.nonAnnotatedClasses.contains(targetType)
				|| !AnnotationUtils.isCandidateClass(targetType, WebhookHandler.class)) {
			return;
		}
		Map<Method, WebhookHandler> annotatedMethods = MethodIntrospector.selectMethods(targetType,
				(MethodIntrospector.MetadataLookup<WebhookHandler>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, WebhookHandler.class));
		if (annotatedMethods.isEmpty()) {
			this.nonAnnotatedClasses.add(targetType);
			return;
		}
		List<Method> methods = new ArrayList<>(annotatedMethods.keySet());
		methods.sort(Comparator.comparing(WebhookHandlerMethod::signature));
		for (Method method : methods) {
			WebhookHandlerMethod handler = createHandler(beanFactory, beanName, targetType, method,
					annotatedMethods.get(method));
			this.registry.register(handler);
			if (logger.isDebugEnabled()) {
				logger.debug("Registered @WebhookHandler " + handler + " of bean '" + beanName + "'");
			}
		}
	}

	private WebhookHandlerMethod createHandler(ConfigurableListableBeanFactory beanFactory, String beanName,
			Class<?> targetType, Method method, WebhookHandler annotation) {
		String handler = targetType.getSimpleName() + "." + WebhookHandlerMethod.signature(method) + " (bean '"
				+ beanName + "')";
		String endpoint = annotation.endpoint();
		if (!endpoint.isEmpty() && !this.endpointNames.contains(endpoint)) {
			throw new WebhookConfigurationException("@WebhookHandler(endpoint = \"" + endpoint + "\") on " + handler
					+ " names no configured endpoint (configured: " + this.endpointNames + ").",
					"Configure webhook.receiver.endpoints." + endpoint + " or fix the name.");
		}
		List<EventTypePattern> eventPatterns = new ArrayList<>();
		for (String pattern : annotation.event()) {
			try {
				eventPatterns.add(EventTypePattern.of(pattern));
			}
			catch (IllegalArgumentException ex) {
				throw new WebhookConfigurationException(
						"@WebhookHandler(event = \"" + pattern + "\") on " + handler + ": " + ex.getMessage(),
						"Use an event type such as 'issues.opened', a prefix such as 'issues' (matching it and its "
								+ "sub-events), 'issues.*' (its sub-events only) or '*' (every event).",
						ex);
			}
		}
		Method invocableMethod = invocableMethod(method, beanFactory.getType(beanName), handler);
		return new WebhookHandlerMethod(beanName, targetType, method, invocableMethod,
				() -> beanFactory.getBean(beanName), endpoint, eventPatterns,
				order(beanFactory, beanName, targetType, method), produces(annotation, method, handler),
				this.argumentResolvers);
	}

	private static List<MediaType> produces(WebhookHandler annotation, Method method, String handler) {
		if (annotation.produces().length == 0) {
			return List.of();
		}
		if (method.getReturnType() == void.class || method.getReturnType() == Void.class) {
			throw new WebhookConfigurationException("@WebhookHandler(produces = ...) on " + handler
					+ " names the media types of a reply, but the method returns nothing.",
					"Remove produces, or return the reply from the method.");
		}
		List<MediaType> produces = new ArrayList<>();
		for (String mediaType : annotation.produces()) {
			try {
				produces.add(MediaType.parseMediaType(mediaType));
			}
			catch (InvalidMediaTypeException ex) {
				throw new WebhookConfigurationException("@WebhookHandler(produces = \"" + mediaType + "\") on "
						+ handler + ": " + ex.getMessage() + ".",
						"Use a media type such as 'application/json', 'application/xml' or 'text/xml'.", ex);
			}
		}
		return produces;
	}

	private static Method invocableMethod(Method method, @Nullable Class<?> beanType, String handler) {
		Class<?> type = (beanType != null) ? beanType : method.getDeclaringClass();
		if (isProxiedByClass(type) && !Modifier.isStatic(method.getModifiers())) {
			// the proxy is a subclass: it can override neither, so the call would not reach the bean
			if (Modifier.isPrivate(method.getModifiers())) {
				throw new WebhookConfigurationException("@WebhookHandler " + handler + " is private, so the bean's "
						+ "proxy cannot pass the call on to the bean.",
						"Make the method package-private, protected or public.");
			}
			if (Modifier.isFinal(method.getModifiers())) {
				throw new WebhookConfigurationException("@WebhookHandler " + handler + " is final, so the bean's "
						+ "proxy cannot pass the call on to the bean: the method would run on the proxy, whose "
						+ "fields are not set, without the proxy's advice (such as @Transactional).",
						"Remove final from the method.");
			}
		}
		try {
			return AopUtils.selectInvocableMethod(method, type);
		}
		catch (IllegalStateException ex) {
			throw new WebhookConfigurationException(
					"@WebhookHandler " + handler + " cannot be invoked through the bean's proxy: " + ex.getMessage(),
					"Declare the method on an interface the bean implements, or let the bean be proxied by class "
							+ "(spring.aop.proxy-target-class=true).",
					ex);
		}
	}

	/**
	 * Whether a bean's type is a proxy that subclasses the bean's class (CGLIB), rather than
	 * one that implements its interfaces.
	 */
	private static boolean isProxiedByClass(Class<?> beanType) {
		return SpringProxy.class.isAssignableFrom(beanType) && !Proxy.isProxyClass(beanType);
	}

	private static int order(ConfigurableListableBeanFactory beanFactory, String beanName, Class<?> targetType,
			Method method) {
		Integer order = OrderUtils.getOrder(method);
		if (order != null) {
			return order;
		}
		if (Ordered.class.isAssignableFrom(targetType) && beanFactory.isSingleton(beanName)) {
			return beanFactory.getBean(beanName, Ordered.class).getOrder();
		}
		return OrderUtils.getOrder(targetType, Ordered.LOWEST_PRECEDENCE);
	}

	private static @Nullable Class<?> targetClass(ConfigurableListableBeanFactory beanFactory, String beanName) {
		try {
			return AutoProxyUtils.determineTargetClass(beanFactory, beanName);
		}
		catch (RuntimeException ex) {
			// An unresolvable bean type, probably from a lazy bean: it cannot declare handlers we could call
			if (logger.isDebugEnabled()) {
				logger.debug("Could not resolve target class for bean with name '" + beanName + "'", ex);
			}
			return null;
		}
	}

}
