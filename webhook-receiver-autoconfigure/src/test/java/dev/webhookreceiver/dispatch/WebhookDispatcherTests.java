package dev.webhookreceiver.dispatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.webhookreceiver.WebhookEvent;
import dev.webhookreceiver.WebhookHandler;
import dev.webhookreceiver.WebhookHeader;
import dev.webhookreceiver.dispatch.DispatchTestConfiguration.Invocations;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link WebhookDispatcher}.
 */
class WebhookDispatcherTests {

	private static final String ORDER_JSON = "{\"id\":\"o-1\",\"amount\":42,\"note\":\"Zoë\"}";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(DispatchTestConfiguration.class);

	@Test
	void returnsZeroWhenNoHandlerMatches() {
		this.contextRunner.withBean(ParameterHandlers.class).run((context) -> {
			assertThat(dispatch(context, "github", "record", ORDER_JSON)).isZero();
			assertThat(dispatch(context, "orders", "unknown", ORDER_JSON)).isZero();
			assertThat(context.getBean(Invocations.class).handlers()).isEmpty();
		});
	}

	@Test
	void returnsZeroWithoutHandlers() {
		this.contextRunner.run((context) -> assertThat(dispatch(context, "orders", "record", ORDER_JSON)).isZero());
	}

	@Test
	void bindsRecordPayload() {
		assertArguments("record", ORDER_JSON, new Purchase("o-1", 42, "Zoë"));
	}

	@Test
	void bindsPojoPayload() {
		this.contextRunner.withBean(ParameterHandlers.class).run((context) -> {
			dispatch(context, "orders", "pojo", ORDER_JSON);
			assertThat(context.getBean(Invocations.class).arguments("pojo")).singleElement()
				.isInstanceOfSatisfying(OrderBean.class, (order) -> {
					assertThat(order.getId()).isEqualTo("o-1");
					assertThat(order.getAmount()).isEqualTo(42);
				});
		});
	}

	@Test
	void bindsJsonNodePayload() {
		this.contextRunner.withBean(ParameterHandlers.class).run((context) -> {
			dispatch(context, "orders", "json-node", ORDER_JSON);
			assertThat(context.getBean(Invocations.class).arguments("json-node")).singleElement()
				.isInstanceOfSatisfying(JsonNode.class,
						(node) -> assertThat(node.get("amount").asInt()).isEqualTo(42));
		});
	}

	@Test
	void bindsGenericMapPayload() {
		assertArguments("map", ORDER_JSON, Map.of("id", "o-1", "amount", 42, "note", "Zoë"));
	}

	@Test
	void bindsGenericListPayload() {
		assertArguments("list", "[{\"id\":\"a\",\"amount\":1}]", List.of(new Purchase("a", 1, null)));
	}

	@Test
	void bindsPayloadOfTypeVariableResolvedByBeanClass() {
		this.contextRunner.withBean(OrderTypedHandlers.class).run((context) -> {
			dispatch(context, "orders", "typed", ORDER_JSON);
			assertThat(context.getBean(Invocations.class).arguments("typed"))
				.containsExactly(new Purchase("o-1", 42, "Zoë"));
		});
	}

	@Test
	void bindsStringPayload() {
		assertArguments("string", ORDER_JSON, ORDER_JSON);
	}

	@Test
	void bindsBytesPayloadAsCopy() {
		this.contextRunner.withBean(ParameterHandlers.class).run((context) -> {
			byte[] body = ORDER_JSON.getBytes(StandardCharsets.UTF_8);
			WebhookDispatcher dispatcher = context.getBean(WebhookDispatcher.class);
			dispatcher.dispatch(dispatcher.event("orders", "d-1", "bytes", null, jsonHeaders(), body));
			assertThat(context.getBean(Invocations.class).arguments("bytes")).singleElement()
				.isEqualTo(body)
				.isNotSameAs(body);
		});
	}

	@Test
	void bindsWebhookEvent() {
		this.contextRunner.withBean(ParameterHandlers.class).run((context) -> {
			Instant timestamp = Instant.parse("2026-01-02T03:04:05Z");
			WebhookDispatcher dispatcher = context.getBean(WebhookDispatcher.class);
			WebhookEvent event = dispatcher.event("orders", "d-1", "event", timestamp, jsonHeaders(),
					ORDER_JSON.getBytes(StandardCharsets.UTF_8));
			dispatcher.dispatch(event);
			assertThat(context.getBean(Invocations.class).arguments("event")).singleElement()
				.isSameAs(event)
				.satisfies((argument) -> {
					WebhookEvent received = (WebhookEvent) argument;
					assertThat(received.endpoint()).isEqualTo("orders");
					assertThat(received.deliveryId()).isEqualTo("d-1");
					assertThat(received.eventType()).isEqualTo("event");
					assertThat(received.timestamp()).isEqualTo(timestamp);
					assertThat(received.headers().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
				});
		});
	}

	@Test
	void bindsRequiredAndOptionalHeaders() {
		this.contextRunner.withBean(ParameterHandlers.class).run((context) -> {
			HttpHeaders headers = jsonHeaders();
			headers.set("webhook-id", "msg_1");
			dispatch(context, "orders", "headers", headers, ORDER_JSON);
			assertThat(context.getBean(Invocations.class).arguments("headers")).containsExactly(
					new Purchase("o-1", 42, "Zoë"), "msg_1", null);
		});
	}

	@Test
	void matchesHeaderNamesInAnyCase() {
		this.contextRunner.withBean(ParameterHandlers.class).run((context) -> {
			HttpHeaders headers = jsonHeaders();
			headers.set("Webhook-ID", "msg_1");
			headers.set("x-optional", "yes");
			dispatch(context, "orders", "headers", headers, ORDER_JSON);
			assertThat(context.getBean(Invocations.class).arguments("headers")).containsExactly(
					new Purchase("o-1", 42, "Zoë"), "msg_1", "yes");
		});
	}

	@Test
	void failsBeforeAnyHandlerRunsWhenRequiredHeaderIsMissing() {
		this.contextRunner.withBean("parameterHandlers", ParameterHandlers.class).withBean(FirstHandlers.class).run((context) -> {
			assertThatExceptionOfType(WebhookHandlerException.class)
				.isThrownBy(() -> dispatch(context, "orders", "headers", ORDER_JSON))
				.withMessage("Cannot resolve parameter 1 (String id) of ParameterHandlers.headers(Purchase, String, "
						+ "String) (bean 'parameterHandlers'): Required header 'webhook-id' is missing");
			assertThat(context.getBean(Invocations.class).handlers()).isEmpty();
		});
	}

	@Test
	void bindsFormBodyToMapAndPojo() {
		this.contextRunner.withBean(ParameterHandlers.class).run((context) -> {
			HttpHeaders headers = new HttpHeaders();
			headers.setContentType(MediaType.parseMediaType("application/x-www-form-urlencoded; charset=utf-8"));
			String form = "MessageSid=SM1&SmsStatus=delivered&Body=Hi+Zo%C3%AB";
			assertThat(dispatch(context, "twilio", "delivered", headers, form)).isEqualTo(2);
			Invocations invocations = context.getBean(Invocations.class);
			assertThat(invocations.arguments("form-map"))
				.containsExactly(Map.of("MessageSid", "SM1", "SmsStatus", "delivered", "Body", "Hi Zoë"));
			assertThat(invocations.arguments("form-record"))
				.containsExactly(new TwilioStatus("SM1", "delivered", "Hi Zoë"));
		});
	}

	@Test
	void parsesPayloadOncePerType() {
		this.contextRunner.withBean(SharingHandlers.class).run((context) -> {
			assertThat(dispatch(context, "orders", "order.created", ORDER_JSON)).isEqualTo(4);
			CountingPayloadBinder binder = context.getBean(CountingPayloadBinder.class);
			assertThat(binder.bindings(Purchase.class)).isOne();
			assertThat(binder.bindings(JsonNode.class)).isOne();
			Invocations invocations = context.getBean(Invocations.class);
			Object order = invocations.arguments("first").get(0);
			assertThat(invocations.arguments("second")).singleElement().isSameAs(order);
			assertThat(invocations.arguments("event")).singleElement().isSameAs(order);
		});
	}

	@Test
	void eventBindsPayloadOncePerTypeAndCopiesBody() {
		this.contextRunner.run((context) -> {
			WebhookDispatcher dispatcher = context.getBean(WebhookDispatcher.class);
			byte[] body = ORDER_JSON.getBytes(StandardCharsets.UTF_8);
			WebhookEvent event = dispatcher.event("orders", "d-1", "order", null, jsonHeaders(), body);
			assertThat(event.payload(Purchase.class)).isSameAs(event.payload(Purchase.class));
			assertThat(event.payload(String.class)).isEqualTo(ORDER_JSON);
			assertThat(event.payload(byte[].class)).isEqualTo(body).isNotSameAs(event.payload(byte[].class));
			assertThat(context.getBean(CountingPayloadBinder.class).bindings(Purchase.class)).isOne();
			event.body()[0] = 'x';
			assertThat(event.body()).isEqualTo(body);
			assertThat(event.payload(byte[].class)).isEqualTo(body);
		});
	}

	@Test
	void aJsonBodyTheProviderParsedIsHandedOnInsteadOfParsedAgain() {
		this.contextRunner.run((context) -> {
			WebhookDispatcher dispatcher = context.getBean(WebhookDispatcher.class);
			byte[] body = ORDER_JSON.getBytes(StandardCharsets.UTF_8);
			JsonNode parsed = JsonMapper.shared().readTree(body);
			WebhookEvent event = dispatcher.event("orders", "d-1", "order", null, jsonHeaders(), body, parsed);
			assertThat(event.payload(JsonNode.class)).isSameAs(parsed);
			assertThat(context.getBean(CountingPayloadBinder.class).bindings(JsonNode.class)).isZero();
		});
	}

	@Test
	void aFormBodyIsNotTakenForItsParsedJson() {
		this.contextRunner.run((context) -> {
			WebhookDispatcher dispatcher = context.getBean(WebhookDispatcher.class);
			HttpHeaders headers = new HttpHeaders();
			headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
			byte[] body = "SmsStatus=delivered".getBytes(StandardCharsets.UTF_8);
			WebhookEvent event = dispatcher.event("sms", "d-1", "delivered", null, headers, body,
					JsonMapper.shared().readTree("{\"unrelated\":true}"));
			assertThat(event.payload(JsonNode.class).get("SmsStatus").asString()).isEqualTo("delivered");
		});
	}

	@Test
	void eventHeadersAreReadOnly() {
		this.contextRunner.run((context) -> {
			WebhookDispatcher dispatcher = context.getBean(WebhookDispatcher.class);
			HttpHeaders headers = jsonHeaders();
			WebhookEvent event = dispatcher.event("orders", "d-1", "order", null, headers, new byte[0]);
			assertThatExceptionOfType(UnsupportedOperationException.class)
				.isThrownBy(() -> event.headers().add("X-Injected", "yes"));
		});
	}

	@Test
	void failsBeforeAnyHandlerRunsWhenPayloadDoesNotBind() {
		this.contextRunner.withBean(FirstHandlers.class).withBean(ParameterHandlers.class).run((context) -> {
			assertThatExceptionOfType(PayloadBindingException.class)
				.isThrownBy(() -> dispatch(context, "orders", "record", "{\"id\":"))
				.withMessageStartingWith("Could not read the payload as Purchase: ");
			assertThat(context.getBean(Invocations.class).handlers()).isEmpty();
		});
	}

	@Test
	void propagatesUncheckedHandlerExceptionUnwrappedAndStopsLaterHandlers() {
		this.contextRunner.withBean(FailingHandlers.class).run((context) -> {
			assertThatThrownBy(() -> dispatch(context, "orders", "unchecked", ORDER_JSON))
				.isSameAs(FailingHandlers.UNCHECKED);
			assertThat(context.getBean(Invocations.class).handlers()).containsExactly("before-unchecked");
		});
	}

	@Test
	void propagatesErrorUnwrapped() {
		this.contextRunner.withBean(FailingHandlers.class)
			.run((context) -> assertThatThrownBy(() -> dispatch(context, "orders", "error", ORDER_JSON))
				.isSameAs(FailingHandlers.ERROR));
	}

	@Test
	void wrapsCheckedHandlerExceptionNamingTheHandler() {
		this.contextRunner.withBean("failingHandlers", FailingHandlers.class)
			.run((context) -> assertThatExceptionOfType(WebhookHandlerException.class)
				.isThrownBy(() -> dispatch(context, "orders", "checked", ORDER_JSON))
				.withMessage("FailingHandlers.checked() (bean 'failingHandlers') threw " + FailingHandlers.CHECKED)
				.withCause(FailingHandlers.CHECKED));
	}

	@Test
	void runsEveryMatchingHandlerOnceInOrder() {
		this.contextRunner.withBean(FirstHandlers.class).withBean(SharingHandlers.class).run((context) -> {
			assertThat(dispatch(context, "orders", "order.created", ORDER_JSON)).isEqualTo(5);
			assertThat(context.getBean(Invocations.class).handlers()).containsExactly("first", "first", "second",
					"event", "node");
		});
	}

	private void assertArguments(String eventType, String body, Object... expected) {
		this.contextRunner.withBean(ParameterHandlers.class).run((context) -> {
			assertThat(dispatch(context, "orders", eventType, body)).isOne();
			assertThat(context.getBean(Invocations.class).arguments(eventType)).containsExactly(expected);
		});
	}

	private static int dispatch(AssertableApplicationContext context, String endpoint, String eventType,
			String body) {
		return dispatch(context, endpoint, eventType, jsonHeaders(), body);
	}

	private static int dispatch(AssertableApplicationContext context, String endpoint, String eventType,
			HttpHeaders headers, String body) {
		assertThat(context).hasNotFailed();
		WebhookDispatcher dispatcher = context.getBean(WebhookDispatcher.class);
		return dispatcher.dispatch(
				dispatcher.event(endpoint, "d-1", eventType, null, headers, body.getBytes(StandardCharsets.UTF_8)));
	}

	private static HttpHeaders jsonHeaders() {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		return headers;
	}

	record Purchase(String id, int amount, @Nullable String note) {
	}

	record TwilioStatus(String MessageSid, String SmsStatus, String Body) {
	}

	static class OrderBean {

		private String id = "";

		private int amount;

		public String getId() {
			return this.id;
		}

		public void setId(String id) {
			this.id = id;
		}

		public int getAmount() {
			return this.amount;
		}

		public void setAmount(int amount) {
			this.amount = amount;
		}

	}

	static class ParameterHandlers {

		private final Invocations invocations;

		ParameterHandlers(Invocations invocations) {
			this.invocations = invocations;
		}

		@WebhookHandler(endpoint = "orders", event = "record")
		void record(Purchase order) {
			this.invocations.add("record", order);
		}

		@WebhookHandler(endpoint = "orders", event = "pojo")
		void pojo(OrderBean order) {
			this.invocations.add("pojo", order);
		}

		@WebhookHandler(endpoint = "orders", event = "json-node")
		void jsonNode(JsonNode order) {
			this.invocations.add("json-node", order);
		}

		@WebhookHandler(endpoint = "orders", event = "map")
		void map(Map<String, Object> order) {
			this.invocations.add("map", order);
		}

		@WebhookHandler(endpoint = "orders", event = "list")
		void list(List<Purchase> orders) {
			this.invocations.add("list", orders);
		}

		@WebhookHandler(endpoint = "orders", event = "string")
		void string(String body) {
			this.invocations.add("string", body);
		}

		@WebhookHandler(endpoint = "orders", event = "bytes")
		void bytes(byte[] body) {
			this.invocations.add("bytes", body);
		}

		@WebhookHandler(endpoint = "orders", event = "event")
		void event(WebhookEvent event) {
			this.invocations.add("event", event);
		}

		@WebhookHandler(endpoint = "orders", event = "headers")
		void headers(Purchase order, @WebhookHeader("webhook-id") String id,
				@WebhookHeader(value = "X-Optional", required = false) @Nullable String optional) {
			this.invocations.add("headers", order, id, optional);
		}

		@WebhookHandler(endpoint = "twilio")
		void formMap(Map<String, String> form) {
			this.invocations.add("form-map", form);
		}

		@WebhookHandler(endpoint = "twilio", event = "delivered")
		void formRecord(TwilioStatus status) {
			this.invocations.add("form-record", status);
		}

	}

	abstract static class TypedHandlers<T> {

		private final Invocations invocations;

		TypedHandlers(Invocations invocations) {
			this.invocations = invocations;
		}

		@WebhookHandler(endpoint = "orders", event = "typed")
		void typed(T payload) {
			this.invocations.add("typed", payload);
		}

	}

	static class OrderTypedHandlers extends TypedHandlers<Purchase> {

		OrderTypedHandlers(Invocations invocations) {
			super(invocations);
		}

	}

	@Order(1)
	static class FirstHandlers {

		private final Invocations invocations;

		FirstHandlers(Invocations invocations) {
			this.invocations = invocations;
		}

		@WebhookHandler
		void first() {
			this.invocations.add("first");
		}

	}

	static class SharingHandlers {

		private final Invocations invocations;

		SharingHandlers(Invocations invocations) {
			this.invocations = invocations;
		}

		@Order(1)
		@WebhookHandler(endpoint = "orders", event = "order")
		void first(Purchase order) {
			this.invocations.add("first", order);
		}

		@Order(2)
		@WebhookHandler(endpoint = "orders", event = "order.*")
		void second(Purchase order) {
			this.invocations.add("second", order);
		}

		@Order(3)
		@WebhookHandler(event = "order.created")
		void event(WebhookEvent event) {
			this.invocations.add("event", event.payload(Purchase.class));
		}

		@Order(4)
		@WebhookHandler(event = "*")
		void node(JsonNode node, WebhookEvent event) {
			this.invocations.add("node", node, event.payload(JsonNode.class));
		}

	}

	static class FailingHandlers {

		static final IllegalStateException UNCHECKED = new IllegalStateException("unchecked");

		static final IOException CHECKED = new IOException("checked");

		static final AssertionError ERROR = new AssertionError("error");

		private final Invocations invocations;

		FailingHandlers(Invocations invocations) {
			this.invocations = invocations;
		}

		@Order(1)
		@WebhookHandler("unchecked")
		void beforeUnchecked() {
			this.invocations.add("before-unchecked");
		}

		@Order(2)
		@WebhookHandler("unchecked")
		void unchecked() {
			throw UNCHECKED;
		}

		@Order(3)
		@WebhookHandler("unchecked")
		void afterUnchecked() {
			this.invocations.add("after-unchecked");
		}

		@WebhookHandler("checked")
		void checked() throws IOException {
			throw CHECKED;
		}

		@WebhookHandler("error")
		void error() {
			throw ERROR;
		}

	}

}
