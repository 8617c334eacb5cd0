package dev.webhookreceiver.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.webhookreceiver.LogCapture;
import dev.webhookreceiver.dispatch.CountingPayloadBinder;
import dev.webhookreceiver.store.DeliveryStore;
import dev.webhookreceiver.store.NewDelivery;
import dev.webhookreceiver.web.TestDeliveries.Delivery;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every answer of the receiver, through MockMvc, on an embedded H2.
 */
@SpringBootTest(classes = ReceiverTestApplication.class, properties = ReceiverTestApplication.PROPERTIES)
@AutoConfigureMockMvc
class WebhookControllerTests {

	/** How long a claim committed on its own lasts. */
	private static final Duration CLAIM_LEASE = Duration.ofMinutes(5);

	static final String ISSUE_OPENED = """
			{"action":"opened","issue":{"number":7,"title":"Crash on start"}}""";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private ShopHandlers handlers;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private CountingPayloadBinder binder;

	@Autowired
	private DeliveryStore store;

	@Autowired
	private SettableClock clock;

	@BeforeEach
	@AfterEach
	void reset() {
		this.clock.set(TestDeliveries.NOW);
		this.handlers.reset();
		this.binder.reset();
		this.jdbc.update("delete from webhook_delivery");
		this.jdbc.update("delete from handled_payment");
	}

	@Test
	void processesAVerifiedDeliveryOnceAndAnswersRedeliveriesAsDuplicates() throws Exception {
		Delivery delivery = TestDeliveries.github("issues", "d-1", ISSUE_OPENED);
		send(delivery).andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
			.andExpect(jsonPath("$.status").value("processed"))
			.andExpect(jsonPath("$.deliveryId").value("d-1"));
		send(delivery).andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("duplicate"))
			.andExpect(jsonPath("$.deliveryId").value("d-1"));
		assertThat(this.handlers.calls).containsExactly("issue opened #7");
		assertThat(statusOf("github", "d-1")).isEqualTo("PROCESSED");
		assertThat(deliveries("github", "issues.opened", "processed")).isEqualTo(1);
		assertThat(deliveries("github", "issues.opened", "duplicate")).isEqualTo(1);
	}

	@Test
	void answersIgnoredWhenNoHandlerMatchesAndRecordsItForRedeliveries() throws Exception {
		Delivery delivery = TestDeliveries.github("issues", "d-2", """
				{"action":"closed","issue":{"number":7}}""");
		send(delivery).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("ignored"));
		send(delivery).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("duplicate"));
		assertThat(this.handlers.calls).isEmpty();
		assertThat(statusOf("github", "d-2")).isEqualTo("IGNORED");
	}

	@Test
	void refusesAWrongSignatureWithoutCallingHandlersOrWritingARow() throws Exception {
		Delivery forged = TestDeliveries.github("issues", "d-3", ISSUE_OPENED)
			.withBody(ISSUE_OPENED.replace("7", "8"));
		expectProblem(send(forged), 401, "invalid-signature");
		assertNothingHappened();
		assertThat(deliveries("github", "unknown", "invalid_signature")).isEqualTo(1);
	}

	@Test
	void countsAnAuthenticDeliveryRefusedForLackingItsIdUnderItsEventType() throws Exception {
		Delivery withoutId = TestDeliveries.github("issues", "d-5", """
				{"action":"reopened","issue":{"number":9}}""").withoutHeader("X-GitHub-Delivery");
		double unknownBefore = deliveries("github", "unknown", "malformed");
		expectProblem(send(withoutId), 400, "malformed")
			.andExpect(jsonPath("$.detail").value("The X-GitHub-Delivery header is missing"));
		assertNothingHappened();
		assertThat(deliveries("github", "issues.reopened", "malformed")).isEqualTo(1);
		assertThat(deliveries("github", "unknown", "malformed")).isEqualTo(unknownBefore);
	}

	@Test
	void refusesAMissingSignatureAsItsOwnReason() throws Exception {
		Delivery unsigned = TestDeliveries.github("issues", "d-4", ISSUE_OPENED).withoutHeader("X-Hub-Signature-256");
		expectProblem(send(unsigned), 401, "missing-signature");
		assertNothingHappened();
	}

	@Test
	void refusesAStaleTimestampSayingHowOldItIs() throws Exception {
		Delivery stale = TestDeliveries.stripe(payment("evt_stale"), TestDeliveries.NOW.minusSeconds(412));
		expectProblem(send(stale), 401, "stale-timestamp")
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("412")));
		assertNothingHappened();
	}

	@Test
	void refusesATimestampFromTheFuture() throws Exception {
		Delivery future = TestDeliveries.order("msg_future", order("o-1"), TestDeliveries.NOW.plusSeconds(301));
		expectProblem(send(future), 401, "stale-timestamp");
		assertNothingHappened();
	}

	@Test
	void acceptsAnyOfTheEndpointsSecrets() throws Exception {
		send(TestDeliveries.stripe(payment("evt_rotated"), TestDeliveries.NOW)).andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("processed"));
	}

	@Test
	void refusesAnAuthenticDeliveryWithoutADeliveryId() throws Exception {
		Delivery anonymous = TestDeliveries.github("issues", "d-5", ISSUE_OPENED).withoutHeader("X-GitHub-Delivery");
		expectProblem(send(anonymous), 400, "malformed");
		assertNothingHappened();
	}

	@Test
	void refusesAnAuthenticDeliveryWhoseIdDoesNotFitTheStore() throws Exception {
		expectProblem(send(TestDeliveries.github("issues", "d".repeat(300), ISSUE_OPENED)), 400, "malformed");
		assertNothingHappened();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"id\":\"evt_\\u0000\",\"type\":\"payment_intent.canceled\"}",
			"{\"id\":\"evt_1\",\"type\":\"payment_intent.\\ud800\"}",
			"{\"id\":\"evt_2\",\"type\":\"charge.\\u0000\"}" })
	void refusesAnAuthenticDeliveryWhoseIdOrTypeNotEveryDatabaseCanStore(String body) throws Exception {
		expectProblem(send(TestDeliveries.stripe(body, TestDeliveries.NOW)), 400, "malformed");
		assertNothingHappened();
	}

	@Test
	void refusesAnAuthenticDeliveryWhoseJsonIsBroken() throws Exception {
		expectProblem(send(TestDeliveries.stripe("{\"id\":\"evt_1\",", TestDeliveries.NOW)), 400, "malformed");
		assertNothingHappened();
	}

	@ParameterizedTest
	@ValueSource(strings = { "payment_intent.succeeded", "customer.created" })
	void refusesAnAuthenticDeliveryWhoseJsonBreaksAfterItsIdAndType(String type) throws Exception {
		// verification reads only up to the id and type; the rest is read before anything is stored
		String body = "{\"id\":\"evt_1\",\"type\":\"" + type + "\",\"data\":{\"object\":{\"id\":";
		expectProblem(send(TestDeliveries.stripe(body, TestDeliveries.NOW)), 400, "malformed");
		assertNothingHappened();
		// authentic: counted under its event type, as an authentic XML body that breaks is
		assertThat(deliveries("stripe", type, "malformed")).isEqualTo(1);
	}

	@Test
	void refusesAnAuthenticJsonDeliveryWhoseContentTypeSaysItIsAForm() throws Exception {
		// verified and identified as JSON, but a handler would bind it as form fields
		Delivery payment = TestDeliveries.stripe(
				payment("evt_form").replace("payment_intent.succeeded", "payment_intent.processing"), TestDeliveries.NOW);
		Delivery order = TestDeliveries.order("msg_form", order("o-form"), TestDeliveries.NOW);
		double paymentsBefore = deliveries("stripe", "payment_intent.processing", "malformed");
		double ordersBefore = deliveries("orders", "order.created", "malformed");
		for (Delivery delivery : List.of(payment, order)) {
			expectProblem(this.mvc.perform(delivery.request().contentType(MediaType.APPLICATION_FORM_URLENCODED)), 400,
					"malformed")
				.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("Content-Type")));
		}
		assertNothingHappened();
		assertThat(deliveries("stripe", "payment_intent.processing", "malformed")).isEqualTo(paymentsBefore + 1);
		assertThat(deliveries("orders", "order.created", "malformed")).isEqualTo(ordersBefore + 1);
	}

	@Test
	void refusesABodyLargerThanTheMaximumPayloadSize() throws Exception {
		String giant = "{\"id\":\"evt_big\",\"type\":\"payment_intent.created\",\"pad\":\"" + "x".repeat(5000) + "\"}";
		expectProblem(send(TestDeliveries.stripe(giant, TestDeliveries.NOW)), 413, "payload-too-large");
		assertNothingHappened();
	}

	@Test
	void answersOtherMethodsWithSpringsMethodNotAllowed() throws Exception {
		this.mvc.perform(MockMvcRequestBuilders.get("/webhooks/github")).andExpect(status().isMethodNotAllowed());
	}

	@Test
	void answersUnknownEndpointsWithSpringsNotFound() throws Exception {
		this.mvc.perform(MockMvcRequestBuilders.post("/webhooks/nope").content("{}"))
			.andExpect(status().isNotFound());
	}

	@Test
	void recordsAFailedHandlerAndRunsItAgainOnRedelivery() throws Exception {
		Delivery delivery = TestDeliveries.stripe(payment("evt_fail"), TestDeliveries.NOW);
		this.handlers.failPayments = true;
		try (LogCapture logs = LogCapture.of(WebhookController.class)) {
			expectProblem(send(delivery), 500, "handler-failed");
			ShopHandlers.assertPaymentFailureLogged(logs, "evt_fail");
		}
		assertThat(statusOf("stripe", "evt_fail")).isEqualTo("FAILED");
		assertThat(this.jdbc.queryForObject("select last_error from webhook_delivery where delivery_id = 'evt_fail'",
				String.class))
			.contains("payment handler failed on purpose");
		assertThat(paymentsWritten()).as("the handler's write rolled back").isZero();
		this.handlers.failPayments = false;
		send(delivery).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("processed"));
		assertThat(this.handlers.runs("evt_fail")).isEqualTo(2);
		assertThat(statusOf("stripe", "evt_fail")).isEqualTo("PROCESSED");
		assertThat(paymentsWritten()).as("the handler's write committed with the mark").isOne();
	}

	@Test
	void answersConflictWhileTheSameDeliveryIsBeingProcessed() throws Exception {
		this.handlers.orderEntered = new CountDownLatch(1);
		this.handlers.releaseOrder = new CountDownLatch(1);
		Delivery delivery = TestDeliveries.order("msg_busy", order("o-2"), TestDeliveries.NOW);
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<MvcResult> first = executor.submit(() -> send(delivery).andReturn());
			assertThat(this.handlers.orderEntered.await(30, TimeUnit.SECONDS)).isTrue();
			expectProblem(send(delivery), 409, "in-progress");
			this.handlers.releaseOrder.countDown();
			MvcResult result = first.get(30, TimeUnit.SECONDS);
			assertThat(result.getResponse().getStatus()).isEqualTo(200);
			assertThat(result.getResponse().getContentAsString()).contains("\"processed\"");
		}
		finally {
			this.handlers.releaseOrder.countDown();
			executor.shutdownNow();
		}
		assertThat(this.handlers.runs("msg_busy")).isOne();
	}

	@Test
	void retriesADeliveryWhoseCommittedClaimWasLostToACrashOnceItsLeaseExpired() throws Exception {
		// A worker committed its claim on the delivery, then its instance crashed: nothing completes the claim.
		this.store.claim(new NewDelivery("stripe", "evt_crashed", "payment_intent.succeeded", null, Map.of()));
		Delivery redelivery = TestDeliveries.stripe(payment("evt_crashed"), TestDeliveries.NOW);
		this.clock.set(TestDeliveries.NOW.plus(CLAIM_LEASE).minusSeconds(1));
		expectProblem(send(redelivery), 409, "in-progress");
		assertThat(this.handlers.runs("evt_crashed")).isZero();
		this.clock.set(TestDeliveries.NOW.plus(CLAIM_LEASE));
		send(redelivery).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("processed"));
		assertThat(this.handlers.runs("evt_crashed")).isOne();
		assertThat(paymentsWritten()).isOne();
		assertThat(statusOf("stripe", "evt_crashed")).isEqualTo("PROCESSED");
		send(redelivery).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("duplicate"));
	}

	@Test
	void answersBadRequestAndRecordsTheFailureWhenThePayloadDoesNotFitTheHandler() throws Exception {
		String unfit = "{\"type\":\"order.created\",\"orderId\":\"o-4\",\"amount\":\"a lot\"}";
		expectProblem(send(TestDeliveries.order("msg_unfit", unfit, TestDeliveries.NOW)), 400, "malformed");
		assertThat(this.handlers.calls).isEmpty();
		assertThat(statusOf("orders", "msg_unfit")).isEqualTo("FAILED");
	}

	@Test
	void parsesTheBodyIntoATreeOnceAndOnlyForTheJsonNodeHandler() throws Exception {
		// the provider reads the id and type without a tree; the handler's JsonNode is the one parse
		send(TestDeliveries.stripe(payment("evt_parsed_once"), TestDeliveries.NOW)).andExpect(status().isOk());
		assertThat(this.handlers.calls).containsExactly("payment evt_parsed_once");
		assertThat(this.binder.bindings(JsonNode.class)).isOne();
	}

	@Test
	void bindsRecordPayloadsAndHeaders() throws Exception {
		send(TestDeliveries.order("msg_1", order("o-3"), TestDeliveries.NOW)).andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("processed"))
			.andExpect(jsonPath("$.deliveryId").value("msg_1"));
		assertThat(this.handlers.calls).containsExactly("order o-3");
	}

	private ResultActions send(Delivery delivery) throws Exception {
		return this.mvc.perform(delivery.request());
	}

	private ResultActions expectProblem(ResultActions result, int status, String type) throws Exception {
		return result.andExpect(status().is(status))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("urn:webhook-receiver:problem:" + type))
			.andExpect(jsonPath("$.status").value(status))
			.andExpect(jsonPath("$.detail").isNotEmpty());
	}

	private void assertNothingHappened() {
		assertThat(this.handlers.calls).isEmpty();
		assertThat(this.jdbc.queryForObject("select count(*) from webhook_delivery", Integer.class)).isZero();
	}

	private String statusOf(String endpoint, String deliveryId) {
		return this.jdbc.queryForObject("select status from webhook_delivery where endpoint = ? and delivery_id = ?",
				String.class, endpoint, deliveryId);
	}

	private int paymentsWritten() {
		return this.jdbc.queryForObject("select count(*) from handled_payment", Integer.class);
	}

	private double deliveries(String endpoint, String event, String outcome) {
		var counter = this.meters.find("webhook.deliveries")
			.tags("endpoint", endpoint, "event", event, "outcome", outcome)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	static String payment(String id) {
		return "{\"id\":\"" + id + "\",\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":{\"amount\":1200}}}";
	}

	static String order(String orderId) {
		return "{\"type\":\"order.created\",\"orderId\":\"" + orderId + "\",\"amount\":4200,\"extra\":true}";
	}

}
