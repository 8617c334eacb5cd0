package dev.webhookreceiver.dispatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.GlobalObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.webhookreceiver.WebhookEvent;
import dev.webhookreceiver.WebhookHandler;
import dev.webhookreceiver.dispatch.DispatchTestConfiguration.Invocations;
import dev.webhookreceiver.dispatch.WebhookDispatcherTests.FailingHandlers;
import dev.webhookreceiver.dispatch.WebhookDispatcherTests.Purchase;
import dev.webhookreceiver.observation.DefaultWebhookHandlerObservationConvention;
import dev.webhookreceiver.observation.WebhookHandlerObservationContext;
import dev.webhookreceiver.observation.WebhookHandlerObservationConvention;

import org.springframework.beans.factory.ObjectFactory;
import org.springframework.beans.factory.config.Scope;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for the {@code webhook.handler} observations of {@link WebhookDispatcher}.
 */
class WebhookDispatcherObservationTests {

	private static final String ORDER_JSON = "{\"id\":\"o-1\",\"amount\":42}";

	private final RecordingObservationHandler observations = new RecordingObservationHandler();

	private final ObservationRegistry observationRegistry = ObservationRegistry.create();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(DispatchTestConfiguration.class)
		.withBean(ObservationRegistry.class, () -> this.observationRegistry);

	WebhookDispatcherObservationTests() {
		this.observationRegistry.observationConfig().observationHandler(this.observations);
	}

	@Test
	void observesEveryHandlerInOrderWithEndpointEventAndHandler() {
		this.contextRunner.withBean("observedHandlers", ObservedHandlers.class).run((context) -> {
			dispatch(context, null, "orders", "order.created", ORDER_JSON);
			List<WebhookHandlerObservationContext> stopped = this.observations.stopped();
			assertThat(stopped).extracting(WebhookHandlerObservationContext::getHandler)
				.containsExactly("ObservedHandlers.first(Purchase)", "ObservedHandlers.second(WebhookEvent)");
			WebhookHandlerObservationContext first = stopped.get(0);
			assertThat(first.getName()).isEqualTo("webhook.handler");
			assertThat(first.getContextualName()).isEqualTo("ObservedHandlers.first(Purchase)");
			assertThat(first.getBeanName()).isEqualTo("observedHandlers");
			assertThat(first.getMethod().getName()).isEqualTo("first");
			assertThat(first.getEvent().deliveryId()).isEqualTo("d-1");
			assertThat(first.getError()).isNull();
			assertThat(first.getLowCardinalityKeyValues()).containsExactlyInAnyOrder(
					KeyValue.of("endpoint", "orders"), KeyValue.of("event", "order.created"),
					KeyValue.of("handler", "ObservedHandlers.first(Purchase)"), KeyValue.of("exception", "none"));
		});
	}

	@Test
	void makesTheHandlersObservationCurrentWhileItRuns() {
		this.contextRunner.withBean(ObservedHandlers.class).run((context) -> {
			dispatch(context, null, "orders", "order.created", ORDER_JSON);
			ObservedHandlers handlers = context.getBean(ObservedHandlers.class);
			assertThat(handlers.currentContexts).hasSize(2)
				.allSatisfy((current) -> assertThat(current).isInstanceOf(WebhookHandlerObservationContext.class));
			assertThat(handlers.currentContexts.get(0)).isSameAs(this.observations.stopped().get(0));
			assertThat(this.observationRegistry.getCurrentObservation()).isNull();
		});
	}

	@Test
	void recordsAnUncheckedExceptionAndDoesNotObserveTheHandlersAfterIt() {
		this.contextRunner.withBean(FailingHandlers.class).run((context) -> {
			assertThatThrownBy(() -> dispatch(context, null, "orders", "unchecked", ORDER_JSON))
				.isSameAs(FailingHandlers.UNCHECKED);
			assertThat(this.observations.stopped()).extracting(WebhookHandlerObservationContext::getHandler)
				.containsExactly("FailingHandlers.beforeUnchecked()", "FailingHandlers.unchecked()");
			WebhookHandlerObservationContext failed = this.observations.stopped().get(1);
			assertThat(failed.getError()).isSameAs(FailingHandlers.UNCHECKED);
			assertThat(failed.getLowCardinalityKeyValue("exception").getValue()).isEqualTo("IllegalStateException");
			assertThat(this.observations.stopped().get(0).getLowCardinalityKeyValue("exception").getValue())
				.isEqualTo("none");
		});
	}

	@Test
	void recordsACheckedExceptionAsTheHandlerThrewIt() {
		this.contextRunner.withBean(FailingHandlers.class).run((context) -> {
			assertThatExceptionOfType(WebhookHandlerException.class)
				.isThrownBy(() -> dispatch(context, null, "orders", "checked", ORDER_JSON));
			WebhookHandlerObservationContext failed = this.observations.single();
			assertThat(failed.getError()).isSameAs(FailingHandlers.CHECKED);
			assertThat(failed.getLowCardinalityKeyValue("exception").getValue()).isEqualTo("IOException");
		});
	}

	@Test
	void recordsAnError() {
		this.contextRunner.withBean(FailingHandlers.class).run((context) -> {
			assertThatThrownBy(() -> dispatch(context, null, "orders", "error", ORDER_JSON))
				.isSameAs(FailingHandlers.ERROR);
			assertThat(this.observations.single().getLowCardinalityKeyValue("exception").getValue())
				.isEqualTo("AssertionError");
		});
	}

	@Test
	void recordsAHandlerBeanThatCannotBeObtained() {
		this.contextRunner.withInitializer((context) -> context.getBeanFactory().registerScope("inactive",
				new InactiveScope()))
			.withBean(ScopedHandlers.class, ScopedHandlers::new, (definition) -> definition.setScope("inactive"))
			.run((context) -> {
				assertThatThrownBy(() -> dispatch(context, null, "orders", "order.created", ORDER_JSON))
					.hasMessageContaining(InactiveScope.MESSAGE);
				WebhookHandlerObservationContext failed = this.observations.single();
				assertThat(failed.getError()).hasMessageContaining(InactiveScope.MESSAGE);
				assertThat(failed.getLowCardinalityKeyValue("exception").getValue()).isNotEqualTo("none");
			});
	}

	@Test
	void observesNoHandlerWhenThePayloadDoesNotBind() {
		this.contextRunner.withBean(ObservedHandlers.class).run((context) -> {
			assertThatExceptionOfType(PayloadBindingException.class)
				.isThrownBy(() -> dispatch(context, null, "orders", "order.created", "{\"id\":"));
			assertThat(this.observations.started).isEmpty();
		});
	}

	@Test
	void usesTheGivenConvention() {
		this.contextRunner.withBean(ObservedHandlers.class).run((context) -> {
			dispatch(context, new TenantConvention(), "orders", "order.created", ORDER_JSON);
			assertThat(this.observations.stopped()).hasSize(2).allSatisfy((observed) -> {
				assertThat(observed.getName()).isEqualTo("webhook.handler");
				assertThat(observed.getLowCardinalityKeyValue("tenant").getValue()).isEqualTo("acme");
				assertThat(observed.getLowCardinalityKeyValue("endpoint").getValue()).isEqualTo("orders");
			});
		});
	}

	@Test
	void usesAGlobalConventionOfTheRegistryWhenNoneIsGiven() {
		this.observationRegistry.observationConfig().observationConvention(new GlobalTenantConvention());
		this.contextRunner.withBean(ObservedHandlers.class).run((context) -> {
			dispatch(context, null, "orders", "order.created", ORDER_JSON);
			assertThat(this.observations.stopped()).hasSize(2)
				.allSatisfy((observed) -> assertThat(observed.getLowCardinalityKeyValue("tenant").getValue())
					.isEqualTo("acme"));
		});
	}

	@Test
	void observesNothingByDefault() {
		this.contextRunner.withBean(ObservedHandlers.class).run((context) -> {
			WebhookDispatcher dispatcher = new WebhookDispatcher(context.getBean(WebhookHandlerRegistry.class),
					context.getBean(PayloadBinder.class));
			assertThat(dispatcher.dispatch(dispatcher.event("orders", "d-1", "order.created", null,
					new HttpHeaders(), ORDER_JSON.getBytes(StandardCharsets.UTF_8))))
				.isEqualTo(2);
			assertThat(context.getBean(Invocations.class).handlers()).containsExactly("first", "second");
			assertThat(this.observations.started).isEmpty();
		});
	}

	private int dispatch(AssertableApplicationContext context, @Nullable WebhookHandlerObservationConvention convention,
			String endpoint, String eventType, String body) {
		assertThat(context).hasNotFailed();
		WebhookDispatcher dispatcher = new WebhookDispatcher(context.getBean(WebhookHandlerRegistry.class),
				context.getBean(PayloadBinder.class), this.observationRegistry, convention);
		HttpHeaders headers = new HttpHeaders();
		headers.add(HttpHeaders.CONTENT_TYPE, "application/json");
		return dispatcher.dispatch(
				dispatcher.event(endpoint, "d-1", eventType, null, headers, body.getBytes(StandardCharsets.UTF_8)));
	}

	static class ObservedHandlers {

		private final Invocations invocations;

		private final ObservationRegistry observationRegistry;

		final List<Observation.@Nullable Context> currentContexts = new CopyOnWriteArrayList<>();

		ObservedHandlers(Invocations invocations, ObservationRegistry observationRegistry) {
			this.invocations = invocations;
			this.observationRegistry = observationRegistry;
		}

		@Order(1)
		@WebhookHandler(endpoint = "orders", event = "order.created")
		void first(Purchase purchase) {
			recordCurrent();
			this.invocations.add("first", purchase);
		}

		@Order(2)
		@WebhookHandler(endpoint = "orders", event = "order.created")
		void second(WebhookEvent event) {
			recordCurrent();
			this.invocations.add("second", event);
		}

		private void recordCurrent() {
			Observation current = this.observationRegistry.getCurrentObservation();
			this.currentContexts.add((current != null) ? current.getContext() : null);
		}

	}

	static class ScopedHandlers {

		@WebhookHandler(endpoint = "orders", event = "order.created")
		void handle() throws IOException {
		}

	}

	/**
	 * A scope that is never active, as the request scope outside a request.
	 */
	static class InactiveScope implements Scope {

		static final String MESSAGE = "Scope 'inactive' is not active";

		@Override
		public Object get(String name, ObjectFactory<?> objectFactory) {
			throw new IllegalStateException(MESSAGE);
		}

		@Override
		public @Nullable Object remove(String name) {
			return null;
		}

		@Override
		public void registerDestructionCallback(String name, Runnable callback) {
		}

		@Override
		public @Nullable Object resolveContextualObject(String key) {
			return null;
		}

		@Override
		public @Nullable String getConversationId() {
			return null;
		}

	}

	static class TenantConvention extends DefaultWebhookHandlerObservationConvention {

		@Override
		public KeyValues getLowCardinalityKeyValues(WebhookHandlerObservationContext context) {
			return super.getLowCardinalityKeyValues(context).and("tenant", "acme");
		}

	}

	static class GlobalTenantConvention extends TenantConvention
			implements GlobalObservationConvention<WebhookHandlerObservationContext> {

	}

	/**
	 * Records the contexts of the handler observations that start and stop.
	 */
	static class RecordingObservationHandler implements ObservationHandler<WebhookHandlerObservationContext> {

		final List<WebhookHandlerObservationContext> started = new CopyOnWriteArrayList<>();

		private final List<WebhookHandlerObservationContext> stopped = new CopyOnWriteArrayList<>();

		@Override
		public void onStart(WebhookHandlerObservationContext context) {
			this.started.add(context);
		}

		@Override
		public void onStop(WebhookHandlerObservationContext context) {
			this.stopped.add(context);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof WebhookHandlerObservationContext;
		}

		List<WebhookHandlerObservationContext> stopped() {
			assertThat(this.stopped).hasSameSizeAs(this.started);
			return List.copyOf(this.stopped);
		}

		WebhookHandlerObservationContext single() {
			assertThat(stopped()).hasSize(1);
			return this.stopped.get(0);
		}

	}

}
