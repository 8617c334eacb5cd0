package dev.webhookreceiver.web;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.webhookreceiver.LogCapture;
import dev.webhookreceiver.process.DeliveryWorkers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults of the handlers that async workers run, which do not depend on the database: one
 * instance on an in-memory H2 database, whose stripe endpoint is async.
 */
class AsyncWorkerFaultsTests {

	private static final long WAIT_SECONDS = 60;

	private ReceiverInstance instance;

	@AfterEach
	void stop() {
		if (this.instance != null) {
			this.instance.close();
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
			assertThat(logs.events()).singleElement()
				.satisfies((event) -> assertThat(event.getThrowableProxy().getCause().getMessage())
					.isEqualTo("payment handler asserted on purpose"));
		}
		assertThat(row("evt_asserting")).containsEntry("STATUS", "FAILED").containsEntry("ATTEMPTS", 1);
		assertThat((String) row("evt_asserting").get("LAST_ERROR")).contains("payment handler asserted on purpose");
		handlers.assertPayments = false;
		process("evt_next");
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

	private static ReceiverInstance start(String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.datasource.url=jdbc:h2:mem:worker-faults;DB_CLOSE_DELAY=-1",
				"webhook.receiver.endpoints.stripe.processing.mode=async", "webhook.receiver.processing.lease=1m",
				"webhook.receiver.processing.poll-interval=50ms"));
		all.addAll(List.of(properties));
		ReceiverInstance instance = ReceiverInstance.start(all.toArray(String[]::new));
		instance.clearDatabase();
		return instance;
	}

}
