package dev.webhookreceiver.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import tools.jackson.databind.json.JsonMapper;

import dev.webhookreceiver.LogCapture;
import dev.webhookreceiver.WebhookEvent;
import dev.webhookreceiver.WebhookHandler;
import dev.webhookreceiver.process.WebhookDeliveries;
import dev.webhookreceiver.web.TestDeliveries.Delivery;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.util.UriUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every request of the Actuator endpoint {@code webhooks}, with MockMvc, and the
 * {@code webhooks} health and the {@code webhook.store.pending} gauge, on an instance whose
 * stripe endpoint is sync and whose orders endpoint is async. Subclasses name the database.
 */
@TestInstance(Lifecycle.PER_CLASS)
abstract class WebhooksEndpointTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String ISSUE_OPENED = """
			{"action":"opened","issue":{"number":7,"title":"Crash on start"}}""";

	private ReceiverInstance instance;

	private MockMvc mvc;

	/**
	 * Where the clock stands in the current test: an hour later in each, so that the counts a
	 * test read are never reused by the next one.
	 */
	private Instant now = TestDeliveries.NOW;

	/**
	 * The properties that point the instance at its database.
	 * @return the datasource properties
	 */
	abstract String[] databaseProperties();

	@BeforeAll
	void start() {
		List<String> properties = new ArrayList<>(List.of(databaseProperties()));
		properties.addAll(List.of("management.endpoints.web.exposure.include=webhooks,health",
				"management.endpoint.health.show-details=always",
				"webhook.receiver.endpoints.orders.processing.mode=async",
				"spring.main.sources=" + OrdersCommitted.class.getName()));
		this.instance = ReceiverInstance.start(properties.toArray(String[]::new));
		this.mvc = this.instance.mockMvc();
	}

	@AfterAll
	void stop() {
		this.instance.close();
	}

	@BeforeEach
	void clean() {
		this.instance.clearDatabase();
		this.instance.handlers().reset();
		this.now = this.now.plus(Duration.ofHours(1));
		this.instance.clock().set(this.now);
	}

	@Test
	void summaryListsTheEndpointsAndCountsTheDeliveriesByStatus() throws Exception {
		send(issue("gh-1")).andExpect(status().isOk());
		send(payment("evt_1")).andExpect(status().isOk());
		this.mvc.perform(get("/actuator/webhooks"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.endpoints.github.provider").value("github"))
			.andExpect(jsonPath("$.endpoints.github.path").value("/webhooks/github"))
			.andExpect(jsonPath("$.endpoints.github.mode").value("sync"))
			.andExpect(jsonPath("$.endpoints.github.handlers").value(hasItem(startsWith("ShopHandlers.issueOpened("))))
			.andExpect(jsonPath("$.endpoints.orders.provider").value("standard-webhooks"))
			.andExpect(jsonPath("$.endpoints.orders.mode").value("async"))
			.andExpect(jsonPath("$.deliveries.PROCESSED").value(2))
			.andExpect(jsonPath("$.deliveries.DEAD").value(0));
	}

	@Test
	void listsTheDeliveriesOfAnEndpointNewestFirstWithoutTheirBodies() throws Exception {
		send(payment("evt_a")).andExpect(status().isOk());
		send(payment("evt_b")).andExpect(status().isOk());
		failPayments(() -> send(payment("evt_c")).andExpect(status().isInternalServerError()));
		this.mvc.perform(get("/actuator/webhooks/stripe"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.deliveries.length()").value(3))
			.andExpect(jsonPath("$.deliveries[0].deliveryId").value("evt_c"))
			.andExpect(jsonPath("$.deliveries[0].status").value("FAILED"))
			.andExpect(jsonPath("$.deliveries[0].attempts").value(1))
			.andExpect(jsonPath("$.deliveries[0].lastError").value(containsString("payment handler failed on purpose")))
			.andExpect(jsonPath("$.deliveries[0].body").doesNotExist())
			.andExpect(jsonPath("$.deliveries[1].deliveryId").value("evt_b"))
			.andExpect(jsonPath("$.deliveries[2].deliveryId").value("evt_a"))
			.andExpect(jsonPath("$.deliveries[2].eventType").value("payment_intent.succeeded"))
			.andExpect(jsonPath("$.deliveries[2].receivedAt").value(this.now.toString()));
		this.mvc.perform(get("/actuator/webhooks/stripe").param("status", "PROCESSED").param("limit", "1"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.deliveries.length()").value(1))
			.andExpect(jsonPath("$.deliveries[0].deliveryId").value("evt_b"));
		this.mvc.perform(get("/actuator/webhooks/stripe").param("status", "failed"))
			.andExpect(jsonPath("$.deliveries[*].deliveryId").value(contains("evt_c")));
		this.mvc.perform(get("/actuator/webhooks/github")).andExpect(jsonPath("$.deliveries").isEmpty());
		this.mvc.perform(get("/actuator/webhooks/stripe").param("status", "LOST")).andExpect(status().isBadRequest());
		this.mvc.perform(get("/actuator/webhooks/stripe").param("limit", "0")).andExpect(status().isBadRequest());
	}

	@Test
	void showsOneDeliveryWithItsBodyAsTextAndItsSignatureMasked() throws Exception {
		send(payment("evt_show")).andExpect(status().isOk());
		this.mvc.perform(get("/actuator/webhooks/stripe/evt_show"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.endpoint").value("stripe"))
			.andExpect(jsonPath("$.deliveryId").value("evt_show"))
			.andExpect(jsonPath("$.eventType").value("payment_intent.succeeded"))
			.andExpect(jsonPath("$.status").value("PROCESSED"))
			.andExpect(jsonPath("$.attempts").value(1))
			.andExpect(jsonPath("$.receivedAt").value(this.now.toString()))
			.andExpect(jsonPath("$.updatedAt").value(this.now.toString()))
			.andExpect(jsonPath("$.lastError").doesNotExist())
			.andExpect(jsonPath("$.headers['Stripe-Signature']").value("******"))
			.andExpect(jsonPath("$.headers['Content-Type']").value(containsString("application/json")))
			.andExpect(jsonPath("$.body").value(WebhookControllerTests.payment("evt_show")))
			.andExpect(jsonPath("$.bodyEncoding").value("text"));
		this.mvc.perform(get("/actuator/webhooks/stripe/evt_unknown")).andExpect(status().isNotFound());
	}

	@Test
	void showsABodyThatIsNotUtf8InBase64() throws Exception {
		insert("github", "gh-binary", "DEAD", 8, new byte[] { (byte) 0xff, (byte) 0xfe, 0 }, null, null);
		this.mvc.perform(get("/actuator/webhooks/github/gh-binary"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.body").value("//4A"))
			.andExpect(jsonPath("$.bodyEncoding").value("base64"));
	}

	@Test
	void replaysAFailedSyncDeliveryOnceItsHandlerIsFixedLongAfterItsTimestamp() throws Exception {
		failPayments(() -> send(payment("evt_fix")).andExpect(status().isInternalServerError()));
		assertThat(row("evt_fix")).containsEntry("status", "FAILED").containsEntry("attempts", 1);
		// A day later: the signature still holds, the timestamp is not checked again.
		this.instance.clock().set(this.now.plus(Duration.ofDays(1)));
		this.mvc.perform(post("/actuator/webhooks/stripe/evt_fix"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.endpoint").value("stripe"))
			.andExpect(jsonPath("$.deliveryId").value("evt_fix"))
			.andExpect(jsonPath("$.outcome").value("REPLAYED"))
			.andExpect(jsonPath("$.status").value("PROCESSED"));
		assertThat(row("evt_fix")).containsEntry("status", "PROCESSED").containsEntry("attempts", 2);
		assertThat(this.instance.handlers().runs("evt_fix")).isEqualTo(2);
		assertThat(this.instance.jdbc()
			.queryForObject("select count(*) from handled_payment where payment_id = 'evt_fix'", Long.class)).isOne();
	}

	@Test
	void replaysADeliveryWhoseHandlerFailsAgainAsFailedWithTheError() throws Exception {
		failPayments(() -> {
			send(payment("evt_again")).andExpect(status().isInternalServerError());
			try (LogCapture logs = LogCapture.of(WebhookDeliveries.class)) {
				this.mvc.perform(post("/actuator/webhooks/stripe/evt_again"))
					.andExpect(status().isOk())
					.andExpect(jsonPath("$.outcome").value("REPLAYED"))
					.andExpect(jsonPath("$.status").value("FAILED"))
					.andExpect(jsonPath("$.detail").value(containsString("payment handler failed on purpose")));
				assertThat(logs.messages(Level.WARN)).singleElement()
					.isEqualTo("A handler of delivery evt_again to endpoint 'stripe' failed again when replayed; "
							+ "recorded as failed");
			}
		});
		assertThat(row("evt_again")).containsEntry("status", "FAILED").containsEntry("attempts", 2);
	}

	@Test
	void refusesToReplayAStoredBodyThatWasChanged() throws Exception {
		send(payment("evt_tampered")).andExpect(status().isOk());
		this.instance.jdbc()
			.update("update webhook_delivery set payload = ? where delivery_id = 'evt_tampered'",
					WebhookControllerTests.payment("evt_tampered").replace("1200", "1").getBytes(StandardCharsets.UTF_8));
		this.mvc.perform(post("/actuator/webhooks/stripe/evt_tampered"))
			.andExpect(status().is(422))
			.andExpect(jsonPath("$.outcome").value("NOT_VERIFIED"))
			.andExpect(jsonPath("$.detail")
				.value(startsWith("The stored delivery fails verification with the endpoint's provider: ")));
		assertThat(row("evt_tampered")).containsEntry("status", "PROCESSED").containsEntry("attempts", 1);
		assertThat(this.instance.handlers().runs("evt_tampered")).isOne();
	}

	@Test
	void replaysADeliverySignedWithASecretStillConfiguredAndRefusesOneWhoseSecretWasRotatedOut() throws Exception {
		for (String secret : List.of("whsec_test_only_previous_secret", "whsec_retired_secret")) {
			String id = secret.contains("previous") ? "evt_previous" : "evt_retired";
			String body = WebhookControllerTests.payment(id);
			String t = Long.toString(this.now.getEpochSecond());
			String v1 = HexFormat.of()
				.formatHex(TestDeliveries.hmac(secret.getBytes(StandardCharsets.UTF_8),
						(t + "." + body).getBytes(StandardCharsets.UTF_8)));
			insert("stripe", id, "FAILED", 1, body.getBytes(StandardCharsets.UTF_8),
					Map.of("Stripe-Signature", "t=" + t + ",v1=" + v1), null);
		}
		this.mvc.perform(post("/actuator/webhooks/stripe/evt_previous"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("PROCESSED"));
		this.mvc.perform(post("/actuator/webhooks/stripe/evt_retired"))
			.andExpect(status().is(422))
			.andExpect(jsonPath("$.outcome").value("NOT_VERIFIED"));
		assertThat(row("evt_retired")).containsEntry("status", "FAILED").containsEntry("attempts", 1);
		assertThat(this.instance.handlers().runs("evt_retired")).isZero();
	}

	@Test
	void refusesToReplayADeliveryWhosePayloadWasNotStored() throws Exception {
		send(payment("evt_unstored")).andExpect(status().isOk());
		this.instance.jdbc().update("update webhook_delivery set payload = null where delivery_id = 'evt_unstored'");
		this.mvc.perform(post("/actuator/webhooks/stripe/evt_unstored"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.outcome").value("NOT_STORED"))
			.andExpect(jsonPath("$.detail").value(containsString("webhook.receiver.store.store-payloads")));
	}

	@Test
	void refusesToReplayOrDeleteADeliveryBeingProcessed() throws Exception {
		insertPaymentBeingProcessed("evt_busy", this.now.plus(Duration.ofMinutes(1)));
		this.mvc.perform(post("/actuator/webhooks/stripe/evt_busy"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.outcome").value("IN_PROGRESS"));
		this.mvc.perform(delete("/actuator/webhooks/stripe/evt_busy"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.outcome").value("IN_PROGRESS"));
		assertThat(row("evt_busy")).containsEntry("status", "PROCESSING").containsEntry("attempts", 1);
	}

	@Test
	void readsReplaysAndDeletesADeliveryWhoseIdIsPercentEncodedInTheUrl() throws Exception {
		String id = "evt_100%_\u00e9\u2713 {x}";
		URI uri = URI.create("/actuator/webhooks/stripe/" + UriUtils.encodePathSegment(id, StandardCharsets.UTF_8));
		failPayments(() -> send(payment(id)).andExpect(status().isInternalServerError()));
		this.mvc.perform(get(uri)).andExpect(status().isOk()).andExpect(jsonPath("$.deliveryId").value(id));
		this.mvc.perform(post(uri))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.deliveryId").value(id))
			.andExpect(jsonPath("$.status").value("PROCESSED"));
		this.mvc.perform(delete(uri)).andExpect(status().isOk()).andExpect(jsonPath("$.outcome").value("DELETED"));
		assertThat(this.instance.jdbc().queryForObject("select count(*) from webhook_delivery", Long.class)).isZero();
	}

	@Test
	void answersConflictToAReplayOrDeletionOfADeliveryThatARedeliveryIsProcessingWithoutWaitingForIt()
			throws Exception {
		failPayments(() -> send(payment("evt_retried")).andExpect(status().isInternalServerError()));
		ShopHandlers handlers = this.instance.handlers();
		handlers.paymentEntered = new CountDownLatch(1);
		handlers.releasePayment = new CountDownLatch(1);
		// Threads of its own: the common pool may have one thread, which the redelivery holds.
		ExecutorService executor = Executors.newCachedThreadPool();
		CompletableFuture<MvcResult> redelivery = CompletableFuture
			.supplyAsync(() -> perform(payment("evt_retried").request()), executor);
		try {
			assertThat(handlers.paymentEntered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
			// Answered while the redelivery's handler still runs, which waits to be released.
			MvcResult replay = CompletableFuture
				.supplyAsync(() -> perform(post("/actuator/webhooks/stripe/evt_retried")), executor)
				.get(WAIT.toSeconds(), TimeUnit.SECONDS);
			assertThat(replay.getResponse().getStatus()).isEqualTo(409);
			assertThat(replay.getResponse().getContentAsString()).contains("\"outcome\":\"IN_PROGRESS\"");
			MvcResult deletion = CompletableFuture
				.supplyAsync(() -> perform(delete("/actuator/webhooks/stripe/evt_retried")), executor)
				.get(WAIT.toSeconds(), TimeUnit.SECONDS);
			assertThat(deletion.getResponse().getStatus()).isEqualTo(409);
			assertThat(deletion.getResponse().getContentAsString()).contains("\"outcome\":\"IN_PROGRESS\"");
		}
		finally {
			handlers.releasePayment.countDown();
			executor.shutdown();
		}
		assertThat(redelivery.get(WAIT.toSeconds(), TimeUnit.SECONDS).getResponse().getContentAsString())
			.contains("\"status\":\"processed\"");
		assertThat(row("evt_retried")).containsEntry("status", "PROCESSED").containsEntry("attempts", 2);
		assertThat(handlers.runs("evt_retried")).isEqualTo(2);
	}

	@Test
	void replaysASyncDeliveryWhoseClaimWasAbandonedOnceItsLeaseExpired() throws Exception {
		// A request claimed it, committed, and its instance died before the handlers completed.
		insertPaymentBeingProcessed("evt_abandoned", this.now.minus(Duration.ofMinutes(1)));
		this.mvc.perform(post("/actuator/webhooks/stripe/evt_abandoned"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.outcome").value("REPLAYED"))
			.andExpect(jsonPath("$.status").value("PROCESSED"));
		assertThat(row("evt_abandoned")).containsEntry("status", "PROCESSED").containsEntry("attempts", 2);
		assertThat(this.instance.handlers().runs("evt_abandoned")).isOne();
	}

	@Test
	void answersNotFoundForAnUnknownDeliveryOrEndpoint() throws Exception {
		this.mvc.perform(post("/actuator/webhooks/stripe/evt_never"))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.outcome").value("NOT_FOUND"));
		this.mvc.perform(post("/actuator/webhooks/nowhere/evt_never")).andExpect(status().isNotFound());
		this.mvc.perform(delete("/actuator/webhooks/stripe/evt_never")).andExpect(status().isNotFound());
		this.mvc.perform(replayAll("nowhere", "DEAD")).andExpect(status().isNotFound());
	}

	@Test
	void putsAReplayedAsyncDeliveryBackForTheWorkersWithItsAttemptsReset() throws Exception {
		OrdersCommitted orders = this.instance.bean(OrdersCommitted.class);
		orders.expect(1);
		send(order("msg_dead")).andExpect(status().isAccepted());
		orders.await();
		this.instance.jdbc()
			.update("update webhook_delivery set status = 'DEAD', attempts = 8, last_error = 'boom' "
					+ "where delivery_id = 'msg_dead'");
		orders.expect(1);
		this.mvc.perform(post("/actuator/webhooks/orders/msg_dead"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.outcome").value("QUEUED"))
			.andExpect(jsonPath("$.status").value("RECEIVED"));
		orders.await();
		assertThat(row("msg_dead")).containsEntry("status", "PROCESSED").containsEntry("attempts", 1);
	}

	@Test
	void replaysEveryDeadDeliveryOfAnEndpointAndReportsThoseRefused() throws Exception {
		OrdersCommitted orders = this.instance.bean(OrdersCommitted.class);
		orders.expect(3);
		for (String id : List.of("msg_1", "msg_2", "msg_3")) {
			send(order(id)).andExpect(status().isAccepted());
		}
		orders.await();
		this.instance.jdbc()
			.update("update webhook_delivery set status = 'DEAD', attempts = 8 where endpoint = 'orders'");
		this.instance.jdbc()
			.update("update webhook_delivery set payload = ? where delivery_id = 'msg_2'",
					WebhookControllerTests.order("other").getBytes(StandardCharsets.UTF_8));
		orders.expect(2);
		this.mvc.perform(replayAll("orders", "DEAD"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.endpoint").value("orders"))
			.andExpect(jsonPath("$.status").value("DEAD"))
			.andExpect(jsonPath("$.replayed").value(2))
			.andExpect(jsonPath("$.statuses.RECEIVED").value(2))
			.andExpect(jsonPath("$.refused").value(1))
			.andExpect(jsonPath("$.refusals[0].deliveryId").value("msg_2"))
			.andExpect(jsonPath("$.refusals[0].outcome").value("NOT_VERIFIED"));
		orders.await();
		assertThat(row("msg_1")).containsEntry("status", "PROCESSED").containsEntry("attempts", 1);
		assertThat(row("msg_3")).containsEntry("status", "PROCESSED").containsEntry("attempts", 1);
		assertThat(row("msg_2")).containsEntry("status", "DEAD").containsEntry("attempts", 8);
		this.mvc.perform(replayAll("orders", "PROCESSING")).andExpect(status().isBadRequest());
		this.mvc.perform(replayAll("orders", "LOST")).andExpect(status().isBadRequest());
		this.mvc.perform(post("/actuator/webhooks/orders").contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().isBadRequest());
	}

	@Test
	void replaysEveryDeliveryOfAStatusOverSeveralBatchesAndListsOnlyTheFirstRefusals() throws Exception {
		for (int i = 0; i < 250; i++) {
			// Stored without what verification needs: each is refused, none is processed.
			insert("orders", "msg_unverifiable_" + i, "DEAD", 8, new byte[0], null, null);
		}
		this.mvc.perform(replayAll("orders", "DEAD"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.replayed").value(0))
			.andExpect(jsonPath("$.refused").value(250))
			.andExpect(jsonPath("$.refusals.length()").value(20))
			.andExpect(jsonPath("$.refusals[0].deliveryId").value("msg_unverifiable_249"))
			.andExpect(jsonPath("$.refusals[0].outcome").value("NOT_VERIFIED"));
		assertThat(this.instance.jdbc()
			.queryForObject("select count(*) from webhook_delivery where status = 'DEAD' and attempts = 8", Long.class))
			.isEqualTo(250);
	}

	@Test
	void deletesTheRecordOfADelivery() throws Exception {
		send(issue("gh-delete")).andExpect(status().isOk());
		this.mvc.perform(delete("/actuator/webhooks/github/gh-delete"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.outcome").value("DELETED"));
		assertThat(this.instance.jdbc().queryForObject("select count(*) from webhook_delivery", Long.class)).isZero();
		this.mvc.perform(get("/actuator/webhooks/github/gh-delete")).andExpect(status().isNotFound());
		this.mvc.perform(delete("/actuator/webhooks/github/gh-delete")).andExpect(status().isNotFound());
	}

	@Test
	void healthIsDownOnceTheOldestDueDeliveryWaitsLongerThanTheMaxPendingAge() throws Exception {
		this.mvc.perform(get("/actuator/health/webhooks"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("UP"))
			.andExpect(jsonPath("$.details.pending").value(0))
			.andExpect(jsonPath("$.details.dead").value(0))
			.andExpect(jsonPath("$.details.oldestPendingAge").value("PT0S"));
		// A delivery stored for workers that nobody runs: the sync stripe endpoint has none.
		insert("stripe", "evt_waiting", "RECEIVED", 0, new byte[0], null, null);
		this.instance.clock().set(this.now.plus(Duration.ofMinutes(16)));
		this.mvc.perform(get("/actuator/health/webhooks"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.status").value("DOWN"))
			.andExpect(jsonPath("$.details.pending").value(1))
			.andExpect(jsonPath("$.details.oldestPendingAge").value("PT16M"));
	}

	@Test
	void gaugeCountsTheDeliveriesNotCompletedByStatusAndReadsThemAtMostOncePerFiveSeconds() {
		assertThat(pending("dead")).isZero();
		insert("stripe", "evt_dead_1", "DEAD", 8, new byte[0], null, null);
		insert("stripe", "evt_dead_2", "DEAD", 8, new byte[0], null, null);
		insert("stripe", "evt_failed", "FAILED", 1, new byte[0], null, null);
		assertThat(pending("dead")).isZero();
		this.instance.clock().set(this.now.plusSeconds(5));
		assertThat(pending("dead")).isEqualTo(2);
		assertThat(pending("failed")).isEqualTo(1);
		assertThat(pending("received")).isZero();
		assertThat(pending("processing")).isZero();
	}

	private double pending(String status) {
		return this.instance.bean(MeterRegistry.class).get("webhook.store.pending").tag("status", status).gauge().value();
	}

	private ResultActions send(Delivery delivery) throws Exception {
		return this.mvc.perform(delivery.request());
	}

	private MvcResult perform(RequestBuilder request) {
		try {
			return this.mvc.perform(request).andReturn();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RequestBuilder replayAll(String endpoint, String status) {
		return post("/actuator/webhooks/" + endpoint).contentType(MediaType.APPLICATION_JSON)
			.content("{\"status\":\"" + status + "\"}");
	}

	private Delivery payment(String id) {
		return TestDeliveries.stripe(WebhookControllerTests.payment(id), this.now);
	}

	private Delivery order(String id) {
		return TestDeliveries.order(id, WebhookControllerTests.order(id), this.now);
	}

	private Delivery issue(String id) {
		return TestDeliveries.github("issues", id, ISSUE_OPENED);
	}

	@SuppressWarnings("try") // the capture only keeps the expected ERROR lines out of the build's output
	private void failPayments(MvcAction action) throws Exception {
		this.instance.handlers().failPayments = true;
		try (LogCapture logs = LogCapture.of(WebhookController.class)) {
			action.run();
		}
		finally {
			this.instance.handlers().failPayments = false;
		}
	}

	private Map<String, Object> row(String deliveryId) {
		return this.instance.jdbc()
			.queryForMap("select status, attempts from webhook_delivery where delivery_id = ?", deliveryId);
	}

	private void insertPaymentBeingProcessed(String deliveryId, Instant leaseUntil) {
		Delivery payment = payment(deliveryId);
		insert("stripe", deliveryId, "PROCESSING", 1, payment.body().getBytes(StandardCharsets.UTF_8),
				payment.headers(), leaseUntil);
	}

	private void insert(String endpoint, String deliveryId, String status, int attempts, byte[] payload,
			Map<String, String> headers, Instant leaseUntil) {
		OffsetDateTime now = this.now.atOffset(ZoneOffset.UTC);
		OffsetDateTime lease = (leaseUntil != null) ? leaseUntil.atOffset(ZoneOffset.UTC) : null;
		this.instance.jdbc()
			.update("insert into webhook_delivery (endpoint, delivery_id, event_type, status, attempts, received_at, "
					+ "updated_at, next_attempt_at, lease_until, payload, headers, signed_at) "
					+ "values (?, ?, 'payment_intent.succeeded', ?, ?, ?, ?, ?, ?, ?, ?, ?)", endpoint, deliveryId,
					status, attempts, now, now, (lease != null) ? lease : now, lease, payload,
					(headers != null) ? JsonMapper.shared().writeValueAsString(headers) : null, now);
	}

	/**
	 * A request to perform in a test.
	 */
	@FunctionalInterface
	interface MvcAction {

		void run() throws Exception;

	}

	/**
	 * A second handler of the orders endpoint that tells when the transaction of a delivery it
	 * handled committed, with the delivery's mark.
	 */
	static class OrdersCommitted {

		private volatile CountDownLatch committed = new CountDownLatch(0);

		@WebhookHandler(endpoint = "orders", event = "order.created")
		void order(WebhookEvent event) {
			CountDownLatch latch = this.committed;
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					latch.countDown();
				}

			});
		}

		void expect(int commits) {
			this.committed = new CountDownLatch(commits);
		}

		void await() throws InterruptedException {
			assertThat(this.committed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("orders committed").isTrue();
		}

	}

}
