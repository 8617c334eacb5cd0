package dev.webhookreceiver.web;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webhookreceiver.LogCapture;
import dev.webhookreceiver.process.DeliveryWorkers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults of handlers that are not exceptions (an error, an interrupt, a hang), in sync mode and
 * for async workers: one instance on an H2 file database, where a statement that an
 * interrupted thread writes to the file closes the database.
 */
class HandlerFaultsTests {

	private static final long WAIT_SECONDS = 60;

	@TempDir
	private Path data;

	private ReceiverInstance instance;

	@AfterEach
	void stop() {
		if (this.instance != null) {
			this.instance.close();
		}
	}

	@Test
	void aSyncHandlerThatInterruptsItsThreadIsAnsweredAndCommittedAndTheDatabaseStaysOpen() {
		this.instance = start("webhook.receiver.endpoints.stripe.processing.mode=sync");
		ShopHandlers handlers = this.instance.handlers();
		handlers.interruptPayments = true;
		HttpResponse<String> interrupting = send("evt_sync_interrupting");
		assertThat(interrupting.statusCode()).as(interrupting.body()).isEqualTo(200);
		assertThat(interrupting.body()).contains("\"status\":\"processed\"");
		handlers.interruptPayments = false;
		HttpResponse<String> next = send("evt_sync_next");
		assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
		assertThat(handlers.interruptedOnEntry).containsEntry("evt_sync_next", false);
		assertThat(this.instance.jdbc()
			.queryForList("select status from webhook_delivery where delivery_id like 'evt_sync_%'", String.class))
			.containsExactly("PROCESSED", "PROCESSED");
		assertThat(this.instance.jdbc().queryForObject("select count(*) from handled_payment", Integer.class))
			.isEqualTo(2);
	}

	@Test
	void aSyncHandlerThatThrowsAnErrorIsAnsweredAsAFailedHandlerAndRecordedFailed() {
		this.instance = start("webhook.receiver.endpoints.stripe.processing.mode=sync");
		this.instance.handlers().assertPayments = true;
		try (LogCapture logs = LogCapture.of(WebhookController.class)) {
			HttpResponse<String> failed = send("evt_sync_asserting");
			assertThat(failed.statusCode()).isEqualTo(500);
			assertThat(failed.body()).contains("urn:webhook-receiver:problem:handler-failed");
			assertFailedWithTheAssertion(logs, "evt_sync_asserting");
		}
	}

	@Test
	void aHandlerThatInterruptsItsThreadLeavesTheWorkerToProcessTheNextDeliveries() throws InterruptedException {
		this.instance = start("webhook.receiver.processing.concurrency=1");
		ShopHandlers handlers = this.instance.handlers();
		// What a handler does that restores the interrupt of an InterruptedException it caught.
		handlers.interruptPayments = true;
		process("evt_interrupting");
		handlers.interruptPayments = false;
		process("evt_next");
		process("evt_after_next");
		assertThat(handlers.interruptedOnEntry).containsEntry("evt_next", false)
			.containsEntry("evt_after_next", false);
	}

	@Test
	void aHandlerThatThrowsAnErrorFailsItsAttemptAndLeavesTheWorkerToProcessTheNextDeliveries()
			throws InterruptedException {
		this.instance = start("webhook.receiver.processing.concurrency=1");
		ShopHandlers handlers = this.instance.handlers();
		handlers.assertPayments = true;
		try (LogCapture logs = LogCapture.of(DeliveryWorkers.class)) {
			assertThat(send("evt_asserting").statusCode()).isEqualTo(202);
			assertThat(logs.await(Level.WARN, 1, Duration.ofSeconds(WAIT_SECONDS))).singleElement()
				.asString()
				.startsWith("Attempt 1 of 8 of delivery evt_asserting (payment_intent.succeeded) to endpoint 'stripe' "
						+ "failed; recorded as failed, to be retried at ");
			assertFailedWithTheAssertion(logs, "evt_asserting");
			handlers.assertPayments = false;
			process("evt_next");
			// Stopped before the capture closes, which the worker may still be logging to.
			this.instance.close();
		}
	}

	@Test
	void aDeliveryWhoseLastAttemptOverranItsLeaseIsDeadRatherThanTakenOverAgain() throws InterruptedException {
		this.instance = start("webhook.receiver.processing.concurrency=3", "webhook.receiver.processing.max-attempts=2");
		ShopHandlers handlers = this.instance.handlers();
		CountDownLatch release = new CountDownLatch(1);
		handlers.releasePayment = release;
		try (LogCapture logs = LogCapture.of(DeliveryWorkers.class)) {
			CountDownLatch firstAttempt = new CountDownLatch(1);
			handlers.paymentEntered = firstAttempt;
			assertThat(send("evt_hung").statusCode()).isEqualTo(202);
			assertThat(firstAttempt.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
			// The first attempt hangs past its lease: another worker takes it over, as attempt 2 of 2.
			CountDownLatch lastAttempt = new CountDownLatch(1);
			handlers.paymentEntered = lastAttempt;
			this.instance.clock().set(TestDeliveries.NOW.plus(Duration.ofSeconds(61)));
			assertThat(lastAttempt.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
			// The last attempt hangs past its lease too: no attempt 3 runs, the delivery is dead.
			this.instance.clock().set(TestDeliveries.NOW.plus(Duration.ofSeconds(122)));
			await().atMost(Duration.ofSeconds(WAIT_SECONDS))
				.untilAsserted(() -> assertThat(row("evt_hung")).containsEntry("STATUS", "DEAD"));
			// Attempts count the claim that found the last lease expired.
			assertThat(row("evt_hung")).containsEntry("ATTEMPTS", 3);
			assertThat((String) row("evt_hung").get("LAST_ERROR"))
				.contains("did not complete within its lease of PT1M");
			assertThat(logs.await(Level.ERROR, 1, Duration.ofSeconds(WAIT_SECONDS))).singleElement()
				.asString()
				.startsWith("The last attempt (2 of 2) of delivery evt_hung (payment_intent.succeeded) to endpoint "
						+ "'stripe' did not complete within its lease of PT1M");
			assertThat(handlers.runs("evt_hung")).isEqualTo(2);
			// The two hung attempts end: their claims are lost, their writes roll back.
			release.countDown();
			assertThat(logs.await(Level.WARN, 2, Duration.ofSeconds(WAIT_SECONDS)))
				.allSatisfy((message) -> assertThat(message).contains("overran its lease of PT1M"));
			assertThat(row("evt_hung")).containsEntry("STATUS", "DEAD");
			assertThat(this.instance.jdbc()
				.queryForObject("select count(*) from handled_payment where payment_id = 'evt_hung'", Integer.class))
				.isZero();
			this.instance.close();
			assertThat(handlers.runs("evt_hung")).isEqualTo(2);
			assertThat(logs.messages(Level.ERROR)).hasSize(1);
		}
	}

	/**
	 * Asserts that the one event logged carries the payment handler's {@link AssertionError}
	 * as its cause, and that the delivery's first attempt is recorded failed with it.
	 */
	private void assertFailedWithTheAssertion(LogCapture logs, String deliveryId) {
		assertThat(logs.events()).singleElement()
			.satisfies((event) -> assertThat(event.getThrowableProxy().getCause().getMessage())
				.isEqualTo("payment handler asserted on purpose"));
		Map<String, Object> row = row(deliveryId);
		assertThat(row).containsEntry("STATUS", "FAILED").containsEntry("ATTEMPTS", 1);
		assertThat((String) row.get("LAST_ERROR")).contains("payment handler asserted on purpose");
	}

	private Map<String, Object> row(String deliveryId) {
		return this.instance.jdbc()
			.queryForMap("select status, attempts, last_error from webhook_delivery where delivery_id = ?", deliveryId);
	}

	private HttpResponse<String> send(String deliveryId) {
		return this.instance
			.send(TestDeliveries.stripe(WebhookControllerTests.payment(deliveryId), TestDeliveries.NOW));
	}

	private void process(String deliveryId) throws InterruptedException {
		CountDownLatch committed = new CountDownLatch(1);
		this.instance.handlers().paymentCommitted = committed;
		HttpResponse<String> accepted = send(deliveryId);
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		assertThat(committed.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("%s processed", deliveryId).isTrue();
	}

	/**
	 * Starts the instance, whose stripe endpoint is async unless the properties say otherwise.
	 */
	private ReceiverInstance start(String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.datasource.url=jdbc:h2:file:" + this.data.resolve("shop"),
				"webhook.receiver.endpoints.stripe.processing.mode=async", "webhook.receiver.processing.lease=1m",
				"webhook.receiver.processing.poll-interval=50ms"));
		all.addAll(List.of(properties));
		ReceiverInstance instance = ReceiverInstance.start(all.toArray(String[]::new));
		instance.clearDatabase();
		return instance;
	}

}
