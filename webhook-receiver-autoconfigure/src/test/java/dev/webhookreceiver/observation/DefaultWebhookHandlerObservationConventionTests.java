package dev.webhookreceiver.observation;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.micrometer.common.KeyValue;
import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.webhookreceiver.WebhookEvent;
import dev.webhookreceiver.dispatch.PayloadBinder;
import dev.webhookreceiver.dispatch.WebhookDispatcher;
import dev.webhookreceiver.dispatch.WebhookHandlerRegistry;

import org.springframework.http.HttpHeaders;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DefaultWebhookHandlerObservationConvention} and
 * {@link WebhookHandlerObservation}.
 */
class DefaultWebhookHandlerObservationConventionTests {

	private final DefaultWebhookHandlerObservationConvention convention =
			DefaultWebhookHandlerObservationConvention.INSTANCE;

	@Test
	void namesTheObservationWebhookHandler() {
		assertThat(this.convention.getName()).isEqualTo("webhook.handler");
	}

	@Test
	void namesTheContextAfterTheHandler() {
		assertThat(this.convention.getContextualName(context())).isEqualTo("OrderHandlers.onOrder(Order)");
	}

	@Test
	void tagsEndpointEventHandlerAndNoError() {
		assertThat(this.convention.getLowCardinalityKeyValues(context())).containsExactlyInAnyOrder(
				KeyValue.of("endpoint", "orders"), KeyValue.of("event", "order.created"),
				KeyValue.of("handler", "OrderHandlers.onOrder(Order)"), KeyValue.of("exception", "none"));
	}

	@Test
	void tagsTheSimpleClassNameOfTheError() {
		WebhookHandlerObservationContext context = context();
		context.setError(new IOException("unreachable"));
		assertThat(this.convention.getLowCardinalityKeyValues(context))
			.contains(KeyValue.of("exception", "IOException"));
	}

	@Test
	void letsASubclassChangeOneKeyValue() {
		DefaultWebhookHandlerObservationConvention byEventFamily = new DefaultWebhookHandlerObservationConvention() {

			@Override
			protected KeyValue event(WebhookHandlerObservationContext context) {
				String type = context.getEvent().eventType();
				return KeyValue.of("event", type.substring(0, type.indexOf('.')));
			}

		};
		assertThat(byEventFamily.getLowCardinalityKeyValues(context())).containsExactlyInAnyOrder(
				KeyValue.of("endpoint", "orders"), KeyValue.of("event", "order"),
				KeyValue.of("handler", "OrderHandlers.onOrder(Order)"), KeyValue.of("exception", "none"));
	}

	@Test
	void hasNoHighCardinalityKeyValues() {
		assertThat(this.convention.getHighCardinalityKeyValues(context())).isEmpty();
	}

	@Test
	void supportsOnlyHandlerContexts() {
		assertThat(this.convention.supportsContext(context())).isTrue();
		assertThat(this.convention.supportsContext(new Observation.Context())).isFalse();
	}

	@Test
	void documentsTheKeysOfTheDefaultConvention() {
		WebhookHandlerObservation observation = WebhookHandlerObservation.HANDLER;
		assertThat(observation.getDefaultConvention()).isEqualTo(DefaultWebhookHandlerObservationConvention.class);
		assertThat(Arrays.stream(observation.getLowCardinalityKeyNames()).map(KeyName::asString))
			.containsExactlyInAnyOrderElementsOf(this.convention.getLowCardinalityKeyValues(context())
				.stream()
				.map(KeyValue::getKey)
				.toList());
		assertThat(observation.getHighCardinalityKeyNames()).isEmpty();
	}

	private static WebhookHandlerObservationContext context() {
		WebhookDispatcher dispatcher = new WebhookDispatcher(new WebhookHandlerRegistry(),
				new PayloadBinder(JsonMapper.builder().build()));
		WebhookEvent event = dispatcher.event("orders", "d-1", "order.created", null, new HttpHeaders(),
				"{}".getBytes(StandardCharsets.UTF_8));
		Method method = ReflectionUtils.findMethod(OrderHandlers.class, "onOrder", Order.class);
		assertThat(method).isNotNull();
		return new WebhookHandlerObservationContext(event, "OrderHandlers.onOrder(Order)", "orderHandlers", method);
	}

	record Order(String id) {
	}

	static class OrderHandlers {

		void onOrder(Order order) {
		}

	}

}
