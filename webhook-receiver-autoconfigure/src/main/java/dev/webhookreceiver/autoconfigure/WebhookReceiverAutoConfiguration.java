package dev.webhookreceiver.autoconfigure;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.xml.XmlFactory;
import tools.jackson.dataformat.xml.XmlMapper;

import dev.webhookreceiver.WebhookConfigurationException;
import dev.webhookreceiver.WebhookSecretResolver;
import dev.webhookreceiver.dispatch.PayloadBinder;
import dev.webhookreceiver.dispatch.WebhookDispatcher;
import dev.webhookreceiver.dispatch.WebhookHandlerMethodProcessor;
import dev.webhookreceiver.dispatch.WebhookHandlerRegistry;
import dev.webhookreceiver.observation.DeliveryBacklogMetrics;
import dev.webhookreceiver.observation.DeliveryMetrics;
import dev.webhookreceiver.observation.EventTypeLimitMeterFilter;
import dev.webhookreceiver.observation.MicrometerDeliveryMetrics;
import dev.webhookreceiver.observation.WebhookHandlerObservationConvention;
import dev.webhookreceiver.process.DeliveryHandOff;
import dev.webhookreceiver.process.DeliveryProcessor;
import dev.webhookreceiver.process.DeliveryWorkers;
import dev.webhookreceiver.process.ProcessingMode;
import dev.webhookreceiver.process.ProcessingSettings;
import dev.webhookreceiver.process.WebhookDeliveries;
import dev.webhookreceiver.process.WebhookDeliveries.ConfiguredEndpoint;
import dev.webhookreceiver.store.DeliveryBacklog;
import dev.webhookreceiver.store.DeliveryStore;
import dev.webhookreceiver.verify.BuiltInProviders;
import dev.webhookreceiver.verify.DeliverySecrets;
import dev.webhookreceiver.verify.XmlBodies;
import dev.webhookreceiver.web.ContainerErrorAnswers;
import dev.webhookreceiver.web.ReceivingEndpoint;
import dev.webhookreceiver.web.WebhookController;
import dev.webhookreceiver.web.WebhookEndpointMappings;
import dev.webhookreceiver.web.WebhookEndpoints;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jpa.autoconfigure.EntityManagerFactoryDependsOnPostProcessor;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * the webhook receiver: the endpoints of {@code webhook.receiver.endpoints}, the controller that
 * receives their deliveries, the dispatch to {@code @WebhookHandler} methods, the operations
 * on recorded deliveries ({@link WebhookDeliveries}) and, with Micrometer, the metrics.
 */
@AutoConfiguration(after = { JacksonAutoConfiguration.class, WebMvcAutoConfiguration.class,
		WebhookDeliveryStoreAutoConfiguration.class })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "webhook.receiver.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WebhookReceiverProperties.class)
public final class WebhookReceiverAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WebhookEndpoints webhookEndpoints(WebhookReceiverProperties properties, ObjectProvider<JsonMapper> jsonMapper,
			ObjectProvider<XmlBodies> xmlBodies, ListableBeanFactory beanFactory) {
		JsonMapper mapper = jsonMapper.getIfAvailable(WebhookReceiverAutoConfiguration::defaultJsonMapper);
		boolean secretResolver = beanFactory.getBeanNamesForType(WebhookSecretResolver.class).length > 0;
		return new WebhookEndpointsFactory(properties, BuiltInProviders.create(mapper, xmlBodies.getIfAvailable()),
				beanFactory, secretResolver)
			.create();
	}

	@Bean
	@ConditionalOnMissingBean
	PayloadBinder webhookPayloadBinder(ObjectProvider<JsonMapper> jsonMapper, ObjectProvider<XmlBodies> xmlBodies) {
		XmlBodies xml = xmlBodies.getIfAvailable();
		return new PayloadBinder(jsonMapper.getIfAvailable(WebhookReceiverAutoConfiguration::defaultJsonMapper),
				(xml != null) ? xml.xmlMapper() : null);
	}

	@Bean
	@ConditionalOnMissingBean
	WebhookHandlerRegistry webhookHandlerRegistry() {
		return new WebhookHandlerRegistry();
	}

	@Bean
	WebhookHandlerMethodProcessor webhookHandlerMethodProcessor(WebhookHandlerRegistry registry,
			WebhookReceiverProperties properties, WebhookEndpoints endpoints, PayloadBinder binder) {
		Set<String> async = new LinkedHashSet<>();
		for (ReceivingEndpoint endpoint : endpoints.all()) {
			if (endpoint.processing().mode() == ProcessingMode.ASYNC) {
				async.add(endpoint.name());
			}
		}
		return new WebhookHandlerMethodProcessor(registry, properties.getEndpoints().keySet(), async, binder);
	}

	// Declared after the processor: it reports the endpoints once their handlers are registered.
	@Bean
	WebhookEndpointsStartupLog webhookEndpointsStartupLog(WebhookEndpoints endpoints,
			WebhookHandlerRegistry registry) {
		return new WebhookEndpointsStartupLog(endpoints, registry);
	}

	@Bean
	@ConditionalOnMissingBean
	WebhookDispatcher webhookDispatcher(WebhookHandlerRegistry registry, PayloadBinder binder,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<WebhookHandlerObservationConvention> observationConvention) {
		return new WebhookDispatcher(registry, binder,
				observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP),
				observationConvention.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	DeliveryProcessor webhookDeliveryProcessor(ObjectProvider<DeliveryStore> store, WebhookDispatcher dispatcher,
			ObjectProvider<PlatformTransactionManager> transactionManager, ObjectProvider<Clock> clock) {
		PlatformTransactionManager manager = transactionManager.getIfAvailable();
		TransactionOperations transactions = (manager != null) ? new TransactionTemplate(manager)
				: TransactionOperations.withoutTransaction();
		return new DeliveryProcessor(deliveryStore(store), dispatcher, transactions,
				clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean
	DeliveryWorkers webhookDeliveryWorkers(WebhookReceiverProperties properties, WebhookEndpoints endpoints,
			ObjectProvider<DeliveryStore> store, DeliveryProcessor processor, WebhookDispatcher dispatcher) {
		Map<String, ProcessingSettings> byWorkers = new LinkedHashMap<>();
		for (ReceivingEndpoint endpoint : endpoints.all()) {
			if (endpoint.processing().byWorkers()) {
				byWorkers.put(endpoint.name(), endpoint.processing());
			}
		}
		DeliveryStore deliveryStore = deliveryStore(store);
		EndpointProcessingSettings.checkStoreSupports(properties, byWorkers, deliveryStore);
		return new DeliveryWorkers(deliveryStore, processor, dispatcher, byWorkers);
	}

	@Bean
	@ConditionalOnMissingBean
	WebhookController webhookController(WebhookReceiverProperties properties, WebhookEndpoints endpoints,
			ObjectProvider<DeliveryStore> store, WebhookDispatcher dispatcher, DeliveryProcessor processor,
			ObjectProvider<DeliveryHandOff> handOff, DeliveryMetrics metrics, ObjectProvider<Clock> clock,
			ObjectProvider<WebhookSecretResolver> secretResolver, ObjectProvider<XmlBodies> xmlBodies) {
		return new WebhookController(endpoints, deliveryStore(store), dispatcher, processor,
				handOff.getIfUnique(() -> DeliveryHandOff.NONE), metrics, clock.getIfAvailable(Clock::systemUTC),
				properties.getMaxPayloadSize(), BodyReadingLimits.maxInFlight(properties, Runtime.getRuntime().maxMemory()),
				BodyReadingLimits.readTimeout(properties), properties.getStore().isStorePayloads(),
				secretResolver.getIfAvailable(), xmlBodies.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(DeliveryStore.class)
	WebhookDeliveries webhookDeliveries(WebhookEndpoints endpoints, ObjectProvider<DeliveryStore> store,
			DeliveryProcessor processor, WebhookDispatcher dispatcher, WebhookHandlerRegistry registry,
			ObjectProvider<DeliveryHandOff> handOff, ObjectProvider<WebhookSecretResolver> secretResolver,
			ObjectProvider<Clock> clock) {
		List<ConfiguredEndpoint> configured = endpoints.all()
			.stream()
			.map((endpoint) -> new ConfiguredEndpoint(endpoint.settings(), endpoint.provider(), endpoint.processing()))
			.toList();
		return new WebhookDeliveries(deliveryStore(store), processor, dispatcher, registry,
				handOff.getIfUnique(() -> DeliveryHandOff.NONE), configured,
				new DeliverySecrets(secretResolver.getIfAvailable()), clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(DeliveryStore.class)
	DeliveryBacklog webhookDeliveryBacklog(ObjectProvider<DeliveryStore> store, ObjectProvider<Clock> clock) {
		return new DeliveryBacklog(deliveryStore(store), clock.getIfAvailable(Clock::systemUTC),
				DeliveryBacklog.DEFAULT_TIME_TO_LIVE);
	}

	private static DeliveryStore deliveryStore(ObjectProvider<DeliveryStore> store) {
		return store.getIfAvailable(() -> {
			throw new WebhookConfigurationException("The webhook receiver needs a DeliveryStore to record "
					+ "deliveries, and there is none: no DataSource with JPA, and no DeliveryStore bean.",
					"Add spring-boot-starter-data-jpa and a DataSource (an embedded H2 such as com.h2database:h2 is "
							+ "enough to start), define a DeliveryStore bean, or turn the receiver off with "
							+ "webhook.receiver.enabled=false.");
		});
	}

	@Bean
	WebhookEndpointMappings webhookEndpointMappings(
			@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping handlerMapping,
			WebhookController controller, WebhookEndpoints endpoints) {
		return new WebhookEndpointMappings(handlerMapping, controller, endpoints);
	}

	@Bean
	ContainerErrorAnswers webhookContainerErrorAnswers() {
		return new ContainerErrorAnswers();
	}

	@Bean
	static WebhookMultipartResolverPostProcessor webhookMultipartResolverPostProcessor(
			ObjectProvider<WebhookEndpoints> endpoints) {
		return new WebhookMultipartResolverPostProcessor(endpoints);
	}

	@Bean
	@ConditionalOnMissingBean
	DeliveryMetrics webhookDeliveryMetrics() {
		return DeliveryMetrics.NONE;
	}

	private static JsonMapper defaultJsonMapper() {
		return JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
	}

	/**
	 * Checks the endpoints' configuration before JPA starts, so that a configuration error
	 * fails the start at once, not after Hibernate's bootstrap.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(EntityManagerFactoryDependsOnPostProcessor.class)
	static class EndpointsBeforeJpaConfiguration {

		@Bean
		static EntityManagerFactoryDependsOnPostProcessor webhookEndpointsEntityManagerFactoryDependsOnPostProcessor() {
			return new EntityManagerFactoryDependsOnPostProcessor(WebhookEndpoints.class);
		}

	}

	/**
	 * Reads XML bodies where Jackson's XML module is present: with the application's
	 * {@link XmlMapper} if its StAX factory refuses DTDs and external entities (as Jackson's
	 * default does), else with a mapper of the receiver's own that does.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = XmlBodies.XML_MAPPER_CLASS)
	static class XmlConfiguration {

		@Bean
		@ConditionalOnMissingBean
		XmlBodies webhookXmlBodies(ObjectProvider<XmlMapper> xmlMapper) {
			XmlMapper mapper = xmlMapper.getIfUnique();
			if (mapper == null || !XmlBodies.isHardened(mapper.tokenStreamFactory().getXMLInputFactory())) {
				mapper = XmlMapper
					.builder(XmlFactory.builder().xmlInputFactory(XmlBodies.hardenedInputFactory()).build())
					.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
					.build();
			}
			return new XmlBodies(mapper);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MicrometerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DeliveryMetrics micrometerWebhookDeliveryMetrics(ObjectProvider<MeterRegistry> registry) {
			MeterRegistry meterRegistry = registry.getIfAvailable();
			return (meterRegistry != null) ? new MicrometerDeliveryMetrics(meterRegistry) : DeliveryMetrics.NONE;
		}

		@Bean
		MeterFilter webhookHandlerEventTypeLimitMeterFilter() {
			return EventTypeLimitMeterFilter.forHandlerTimers();
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(DeliveryStore.class)
		DeliveryBacklogMetrics webhookDeliveryBacklogMetrics(DeliveryBacklog backlog) {
			return new DeliveryBacklogMetrics(backlog);
		}

	}

}
