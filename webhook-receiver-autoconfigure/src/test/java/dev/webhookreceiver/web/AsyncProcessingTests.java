package dev.webhookreceiver.web;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webhookreceiver.LogCapture;
import dev.webhookreceiver.process.DeliveryWorkers;
import dev.webhookreceiver.web.TestDeliveries.Delivery;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Async processing over real HTTP, with two application instances sharing one database, whose
 * stripe endpoint is async: acknowledged once stored, processed by the workers with retries.
 * Subclasses name the database.
 */
abstract class AsyncProcessingTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private ReceiverInstance first;

	private ReceiverInstance second;

	/**
	 * The properties that point an instance at the shared database.
	 * @return the datasource properties
	 */
	abstract String[] databaseProperties();

	@BeforeEach
	void startTwoInstances() {
		this.first = start();
		this.second = start();
		this.first.clearDatabase();
	}

	@AfterEach
	void stopInstances() {
		this.first.close();
		this.second.close();
	}

	@Test
	void aDeliveryIsAcceptedOnceCommittedAndProcessedWithItsHandlersWrites() throws InterruptedException {
		CountDownLatch committed = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		handlers((handlers) -> {
			handlers.paymentCommitted = committed;
			handlers.releasePayment = release;
		});
		HttpResponse<String> accepted = this.first.send(payment("evt_async"));
		// Answered while the handler waits: the answer does not wait for the handlers.
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		assertThat(accepted.body()).isEqualTo("{\"status\":\"accepted\",\"deliveryId\":\"evt_async\"}");
		// Committed before the answer: another connection reads it.
		assertThat(this.second.jdbc()
			.queryForObject("select payload from webhook_delivery where delivery_id = 'evt_async'", byte[].class))
			.asString()
			.isEqualTo(WebhookControllerTests.payment("evt_async"));
		assertThat(this.first.deliveries("stripe", "payment_intent.succeeded", "accepted")).isOne();
		release.countDown();
		assertThat(committed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(row("evt_async")).containsEntry("status", "PROCESSED").containsEntry("attempts", 1);
		assertThat(payments("evt_async")).isOne();
		assertThat(runs("evt_async")).isOne();
	}

	@Test
	void aCopyOfADeliveryRecordedBeforeIsADuplicate() throws InterruptedException {
		CountDownLatch committed = new CountDownLatch(1);
		handlers((handlers) -> handlers.paymentCommitted = committed);
		assertThat(this.first.send(payment("evt_twice")).statusCode()).isEqualTo(202);
		HttpResponse<String> copy = this.second.send(payment("evt_twice"));
		assertThat(copy.statusCode()).isEqualTo(200);
		assertThat(copy.body()).contains("\"status\":\"duplicate\"");
		assertThat(committed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(this.second.send(payment("evt_twice")).body()).contains("\"status\":\"duplicate\"");
		assertThat(runs("evt_twice")).isOne();
	}

	@Test
	void failedAttemptsAreRetriedOnTheBackoffScheduleUntilTheDeliveryIsDead() {
		handlers((handlers) -> handlers.failPayments = true);
		try (LogCapture logs = LogCapture.of(DeliveryWorkers.class)) {
			assertThat(this.first.send(payment("evt_dead")).statusCode()).isEqualTo(202);
			logs.await(Level.WARN, 1, WAIT);
			Map<String, Object> first = row("evt_dead");
			assertThat(first).containsEntry("status", "FAILED").containsEntry("attempts", 1);
			assertThat((String) first.get("last_error")).contains("payment handler failed on purpose");
			Instant second = nextAttemptAt("evt_dead");
			// 10s, less up to a fifth of jitter
			assertThat(second).isBetween(TestDeliveries.NOW.plusSeconds(8), TestDeliveries.NOW.plusSeconds(10));
			setClocks(second);
			logs.await(Level.WARN, 2, WAIT);
			Map<String, Object> retried = row("evt_dead");
			assertThat(retried).containsEntry("status", "FAILED").containsEntry("attempts", 2);
			Instant third = nextAttemptAt("evt_dead");
			// 20s, less up to a fifth
			assertThat(third).isBetween(second.plusSeconds(16), second.plusSeconds(20));
			setClocks(third);
			List<String> errors = logs.await(Level.ERROR, 1, WAIT);
			assertThat(errors).singleElement()
				.isEqualTo("The last attempt (3 of 3) of delivery evt_dead (payment_intent.succeeded) to endpoint "
						+ "'stripe' failed; recorded as dead, kept with its last error until it is replayed");
			Map<String, Object> dead = row("evt_dead");
			assertThat(dead).containsEntry("status", "DEAD").containsEntry("attempts", 3);
			assertThat(dead.get("next_attempt_at")).isNull();
			assertThat((String) dead.get("last_error")).contains("payment handler failed on purpose");
			assertThat(runs("evt_dead")).isEqualTo(3);
			assertThat(payments("evt_dead")).isZero();
			HttpResponse<String> redelivery = this.second.send(payment("evt_dead"));
			assertThat(redelivery.statusCode()).isEqualTo(200);
			assertThat(redelivery.body()).contains("\"status\":\"duplicate\"");
			assertThat(row("evt_dead")).containsEntry("status", "DEAD").containsEntry("attempts", 3);
			// Stopped before the capture closes: a worker may still be inside the logging call of
			// the last event the capture took, and would log it again once the capture is gone.
			this.first.close();
			this.second.close();
			assertThat(logs.messages(Level.WARN)).hasSize(2)
				.allSatisfy((message) -> assertThat(message).contains("of 3 of delivery evt_dead"));
			assertThat(logs.messages(Level.ERROR)).hasSize(1);
		}
	}

	@Test
	void aDeliveryWhoseWorkerDiedHoldingItIsTakenOverAfterTheLease() throws InterruptedException {
		CountDownLatch committed = new CountDownLatch(1);
		handlers((handlers) -> handlers.paymentCommitted = committed);
		// What a worker that died during its first attempt leaves behind: claimed, lease running.
		OffsetDateTime now = TestDeliveries.NOW.atOffset(ZoneOffset.UTC);
		OffsetDateTime leaseUntil = now.plusMinutes(1);
		this.first.jdbc()
			.update("insert into webhook_delivery (endpoint, delivery_id, event_type, status, attempts, received_at, "
					+ "updated_at, next_attempt_at, lease_until, payload) "
					+ "values ('stripe', 'evt_orphan', 'payment_intent.succeeded', 'PROCESSING', 1, ?, ?, ?, ?, ?)",
					now, now, leaseUntil, leaseUntil, WebhookControllerTests.payment("evt_orphan").getBytes());
		setClocks(leaseUntil.toInstant().plusSeconds(1));
		assertThat(committed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(row("evt_orphan")).containsEntry("status", "PROCESSED").containsEntry("attempts", 2);
		assertThat(runs("evt_orphan")).isOne();
		assertThat(payments("evt_orphan")).isOne();
	}

	@Test
	void aThousandDeliveriesOverTwoInstancesAreEachProcessedExactlyOnce() throws Exception {
		int deliveries = 1000;
		CountDownLatch committed = new CountDownLatch(deliveries);
		handlers((handlers) -> handlers.paymentCommitted = committed);
		ExecutorService senders = Executors.newFixedThreadPool(16);
		try {
			List<Future<HttpResponse<String>>> answers = new ArrayList<>();
			for (int i = 0; i < deliveries; i++) {
				ReceiverInstance instance = (i % 2 == 0) ? this.first : this.second;
				Delivery delivery = payment("evt_load_" + i);
				answers.add(senders.submit(() -> instance.send(delivery)));
			}
			for (Future<HttpResponse<String>> answer : answers) {
				HttpResponse<String> response = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
				assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
			}
		}
		finally {
			senders.shutdownNow();
		}
		assertThat(committed.await(2 * WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(this.first.jdbc()
			.queryForList("select status, attempts, count(*) as deliveries from webhook_delivery "
					+ "group by status, attempts"))
			.singleElement()
			.satisfies((group) -> assertThat(group).containsEntry("status", "PROCESSED")
				.containsEntry("attempts", 1)
				.containsEntry("deliveries", (long) deliveries));
		assertThat(this.first.jdbc().queryForObject("select count(distinct payment_id) from handled_payment",
				Long.class)).isEqualTo(deliveries);
		for (int i = 0; i < deliveries; i++) {
			assertThat(runs("evt_load_" + i)).as("runs of evt_load_" + i).isOne();
		}
	}

	@Test
	void workersFinishTheDeliveryTheyHoldWhenTheApplicationStops() throws Exception {
		this.second.close();
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		handlers((handlers) -> {
			handlers.paymentEntered = entered;
			handlers.releasePayment = release;
		});
		assertThat(this.first.send(payment("evt_held")).statusCode()).isEqualTo(202);
		assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		Thread stopping = new Thread(this.first::close);
		stopping.start();
		release.countDown();
		stopping.join(WAIT.toMillis());
		assertThat(stopping.isAlive()).isFalse();
		this.second = start();
		assertThat(rowIn(this.second, "evt_held")).containsEntry("status", "PROCESSED").containsEntry("attempts", 1);
		assertThat(this.second.jdbc()
			.queryForObject("select count(*) from handled_payment where payment_id = 'evt_held'", Integer.class))
			.isOne();
	}

	private ReceiverInstance start() {
		List<String> properties = new ArrayList<>(List.of(databaseProperties()));
		properties.add("webhook.receiver.endpoints.stripe.processing.mode=async");
		properties.add("webhook.receiver.processing.max-attempts=3");
		properties.add("webhook.receiver.processing.lease=1m");
		properties.add("webhook.receiver.processing.poll-interval=50ms");
		return ReceiverInstance.start(properties.toArray(String[]::new));
	}

	private void handlers(Consumer<ShopHandlers> change) {
		for (ReceiverInstance instance : List.of(this.first, this.second)) {
			if (instance.isRunning()) {
				change.accept(instance.handlers());
			}
		}
	}

	private void setClocks(Instant instant) {
		this.first.clock().set(instant);
		this.second.clock().set(instant);
	}

	private static Delivery payment(String id) {
		return TestDeliveries.stripe(WebhookControllerTests.payment(id), TestDeliveries.NOW);
	}

	private int runs(String deliveryId) {
		return this.first.handlers().runs(deliveryId) + this.second.handlers().runs(deliveryId);
	}

	private int payments(String paymentId) {
		return this.first.jdbc()
			.queryForObject("select count(*) from handled_payment where payment_id = ?", Integer.class, paymentId);
	}

	private Map<String, Object> row(String deliveryId) {
		return rowIn(this.first, deliveryId);
	}

	private static Map<String, Object> rowIn(ReceiverInstance instance, String deliveryId) {
		return instance.jdbc()
			.queryForMap("select status, attempts, last_error, next_attempt_at from webhook_delivery "
					+ "where delivery_id = ?", deliveryId)
			.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() != null)
			.collect(Collectors.toMap((entry) -> entry.getKey().toLowerCase(Locale.ROOT),
					Map.Entry::getValue));
	}

	private Instant nextAttemptAt(String deliveryId) {
		return this.first.jdbc()
			.queryForObject("select next_attempt_at from webhook_delivery where delivery_id = ?", OffsetDateTime.class,
					deliveryId)
			.toInstant();
	}

}
