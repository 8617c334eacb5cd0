package dev.webhookreceiver.web;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webhookreceiver.LogCapture;
import dev.webhookreceiver.process.DeliveryProcessor;
import dev.webhookreceiver.process.DeliveryWorkers;
import dev.webhookreceiver.store.SqlErrorLogs;
import dev.webhookreceiver.web.TestDeliveries.Delivery;

import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When the database goes away, or gives no connection within the acquire timeout, deliveries are
 * answered 503 with {@code Retry-After}: the sender retries, and nothing was processed.
 */
class StoreUnavailableTests {

	@Test
	void answersServiceUnavailableAndCallsNoHandlerWhenTheDatabaseIsDown() throws Exception {
		EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
		try (ReceiverInstance instance = ReceiverInstance.start(databaseProperties(postgres));
				LogCapture logs = captureStoreFailures()) {
			postgres.close();
			HttpResponse<String> response = instance.send(
					TestDeliveries.stripe(WebhookControllerTests.payment("evt_down"), TestDeliveries.NOW));
			assertServiceUnavailable(response);
			assertThat(instance.handlers().calls).isEmpty();
			assertRollbackFailureLogged(logs);
		}
	}

	@Test
	void answersServiceUnavailableWhenTheDatabaseGoesAwayWhileHandlersRun() throws Exception {
		EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
		try (ReceiverInstance instance = ReceiverInstance.start(databaseProperties(postgres));
				LogCapture logs = captureStoreFailures()) {
			CompletableFuture<HttpResponse<String>> answer = sendOrderThatWaitsInItsHandler(instance, "msg_gone");
			postgres.close();
			instance.handlers().releaseOrder.countDown();
			assertServiceUnavailable(answer.get(60, TimeUnit.SECONDS));
			assertRollbackFailureLogged(logs);
		}
	}

	@Test
	void answersServiceUnavailableWhenAHandlersOwnWriteFailsBecausePostgreSqlStopped(@TempDir Path data)
			throws Exception {
		EmbeddedPostgres postgres = startPostgres(data, 0);
		int port = postgres.getPort();
		// Long enough for the pool to replace its dead connections once PostgreSQL is back.
		try (ReceiverInstance instance = ReceiverInstance.start(databaseProperties(postgres, "10s"))) {
			ShopHandlers handlers = instance.handlers();
			handlers.paymentEntered = new CountDownLatch(1);
			handlers.releasePayment = new CountDownLatch(1);
			String body = WebhookControllerTests.payment("evt_stopped");
			try (LogCapture logs = captureStoreFailures()) {
				CompletableFuture<HttpResponse<String>> answer = CompletableFuture
					.supplyAsync(() -> instance.send(TestDeliveries.stripe(body, TestDeliveries.NOW)));
				assertThat(handlers.paymentEntered.await(30, TimeUnit.SECONDS)).isTrue();
				postgres.close();
				handlers.releasePayment.countDown();
				assertServiceUnavailable(answer.get(60, TimeUnit.SECONDS));
				assertRollbackFailureLogged(logs);
			}
			assertThat(instance.deliveries("stripe", "payment_intent.succeeded", "store_unavailable")).isOne();
			assertThat(instance.deliveries("stripe", "payment_intent.succeeded", "failed")).isZero();
			postgres = startPostgres(data, port);
			try {
				// HikariCP hands out a connection returned less than 500 ms ago without checking it:
				// retire those from before the restart, as the time a sender takes to retry would.
				((HikariDataSource) instance.jdbc().getDataSource()).getHikariPoolMXBean().softEvictConnections();
				// The claim rolled back with the handler's write: nothing waits for a lease to expire.
				assertThat(instance.jdbc().queryForObject(
						"select count(*) from webhook_delivery where delivery_id = 'evt_stopped'", Integer.class))
					.isZero();
				assertThat(instance.jdbc().queryForObject("select count(*) from handled_payment", Integer.class))
					.isZero();
				Delivery redelivery = TestDeliveries.stripe(body, instance.clock().instant());
				HttpResponse<String> processed = instance.send(redelivery);
				assertThat(processed.statusCode()).as(processed.body()).isEqualTo(200);
				assertThat(processed.body()).contains("\"status\":\"processed\"");
				assertThat(instance.send(redelivery).body()).contains("\"status\":\"duplicate\"");
				assertThat(handlers.runs("evt_stopped")).isEqualTo(2);
				assertThat(instance.jdbc().queryForObject("select count(*) from handled_payment", Integer.class))
					.isOne();
			}
			finally {
				postgres.close();
			}
		}
	}

	@Test
	void asyncDeliveriesAreRefusedWhileTheDatabaseIsStoppedAndAllAcceptedOnesProcessedOnceItIsBack(@TempDir Path data)
			throws Exception {
		EmbeddedPostgres postgres = startPostgres(data, 0);
		int port = postgres.getPort();
		List<String> properties = new ArrayList<>(List.of(databaseProperties(postgres, "1s")));
		properties.add("webhook.receiver.endpoints.stripe.processing.mode=async");
		properties.add("webhook.receiver.processing.poll-interval=100ms");
		int senders = 3;
		int perSender = 40;
		int deliveries = senders * perSender;
		Map<String, Integer> answers = new ConcurrentHashMap<>();
		CountDownLatch beforeStop = new CountDownLatch(20);
		CountDownLatch refusedWhileStopped = new CountDownLatch(10);
		try (ReceiverInstance instance = ReceiverInstance.start(properties.toArray(String[]::new));
				LogCapture logs = LogCapture.of(WebhookController.class.getName(), TransactionTemplate.class.getName(),
						SqlErrorLogs.LOGGER, DeliveryWorkers.class.getName(), DeliveryProcessor.class.getName())) {
			ExecutorService executor = Executors.newFixedThreadPool(senders);
			try {
				List<Future<?>> load = new ArrayList<>();
				for (int sender = 0; sender < senders; sender++) {
					int first = sender * perSender;
					load.add(executor.submit(() -> {
						for (int i = first; i < first + perSender; i++) {
							String id = "evt_outage_" + i;
							int status = instance.send(TestDeliveries.stripe(WebhookControllerTests.payment(id),
									TestDeliveries.NOW)).statusCode();
							answers.put(id, status);
							beforeStop.countDown();
							if (status == 503) {
								refusedWhileStopped.countDown();
							}
						}
					}));
				}
				assertThat(beforeStop.await(60, TimeUnit.SECONDS)).isTrue();
				postgres.close();
				assertThat(refusedWhileStopped.await(60, TimeUnit.SECONDS)).isTrue();
				postgres = startPostgres(data, port);
				((HikariDataSource) instance.jdbc().getDataSource()).getHikariPoolMXBean().softEvictConnections();
				for (Future<?> sent : load) {
					sent.get(120, TimeUnit.SECONDS);
				}
			}
			finally {
				executor.shutdownNow();
			}
			assertThat(answers).hasSize(deliveries);
			assertThat(answers.values()).containsOnly(202, 503).contains(503);
			// The senders retry what was refused, now that the database is back.
			for (Map.Entry<String, Integer> refused : answers.entrySet()) {
				if (refused.getValue() == 503) {
					HttpResponse<String> retried = instance.send(
							TestDeliveries.stripe(WebhookControllerTests.payment(refused.getKey()), TestDeliveries.NOW));
					assertThat(retried.statusCode()).as(retried.body()).isIn(200, 202);
				}
			}
			// Claims whose handlers' transaction the outage broke are taken over after their lease.
			instance.clock().set(TestDeliveries.NOW.plus(Duration.ofMinutes(6)));
			// What is guaranteed is in the database. A handler's commit whose answer the outage cut
			// off is committed without its afterCommit callback, so the rows are counted, not those.
			await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
				assertThat(instance.jdbc().queryForList("select distinct status from webhook_delivery", String.class))
					.containsExactly("PROCESSED");
				assertThat(instance.jdbc().queryForObject("select count(distinct payment_id) from handled_payment",
						Integer.class)).isEqualTo(deliveries);
			});
			assertThat(instance.jdbc().queryForObject("select count(*) from handled_payment", Integer.class))
				.isEqualTo(deliveries);
			assertThat(instance.deliveries("stripe", "payment_intent.succeeded", "failed")).isZero();
			assertThat(logs.messages(Level.ERROR)).isSubsetOf("Application exception overridden by rollback exception");
		}
		finally {
			postgres.close();
		}
	}

	@Test
	void answersServiceUnavailableWhenNoConnectionIsFreeWithinTheAcquireTimeout() throws Exception {
		try (ReceiverInstance instance = ReceiverInstance.start("spring.datasource.url=jdbc:h2:mem:exhausted",
				"spring.datasource.hikari.maximum-pool-size=1", "webhook.receiver.store.acquire-timeout=250ms");
				LogCapture logs = captureStoreFailures()) {
			CompletableFuture<HttpResponse<String>> holding = sendOrderThatWaitsInItsHandler(instance, "msg_holding");
			HttpResponse<String> refused = instance
				.send(TestDeliveries.order("msg_refused", WebhookControllerTests.order("o-2"), TestDeliveries.NOW));
			instance.handlers().releaseOrder.countDown();
			assertServiceUnavailable(refused);
			assertThat(instance.deliveries("orders", "order.created", "store_unavailable")).isOne();
			assertThat(holding.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
			assertThat(instance.handlers().runs("msg_refused")).isZero();
			assertThat(logs.messages(Level.ERROR)).isEmpty();
		}
	}

	@Test
	void theWebhooksEndpointAnswersServiceUnavailableWhileTheDatabaseIsDown() throws Exception {
		EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
		List<String> properties = new ArrayList<>(List.of(databaseProperties(postgres)));
		properties.add("management.endpoints.web.exposure.include=webhooks");
		try (ReceiverInstance instance = ReceiverInstance.start(properties.toArray(String[]::new));
				LogCapture logs = captureStoreFailures()) {
			assertThat(instance.send(TestDeliveries.github("issues", "gh-down",
					"{\"action\":\"opened\",\"issue\":{\"number\":7,\"title\":\"Crash\"}}")).statusCode())
				.isEqualTo(200);
			postgres.close();
			for (String path : List.of("/actuator/webhooks", "/actuator/webhooks/github",
					"/actuator/webhooks/github/gh-down")) {
				HttpResponse<String> read = instance.send(HttpRequest.newBuilder(instance.uri(path)).GET().build());
				assertThat(read.statusCode()).as(path + ": " + read.body()).isEqualTo(503);
			}
			HttpRequest.Builder delivery = HttpRequest.newBuilder(instance.uri("/actuator/webhooks/github/gh-down"));
			HttpResponse<String> replay = instance.send(delivery.POST(HttpRequest.BodyPublishers.noBody()).build());
			assertThat(replay.statusCode()).as(replay.body()).isEqualTo(503);
			assertThat(replay.body()).contains("\"outcome\":\"STORE_UNAVAILABLE\"");
			HttpResponse<String> deletion = instance.send(delivery.DELETE().build());
			assertThat(deletion.statusCode()).as(deletion.body()).isEqualTo(503);
			assertThat(deletion.body()).contains("\"outcome\":\"STORE_UNAVAILABLE\"");
			HttpResponse<String> replayAll = instance.send(HttpRequest.newBuilder(instance.uri("/actuator/webhooks/github"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"DEAD\"}"))
				.build());
			assertThat(replayAll.statusCode()).as(replayAll.body()).isEqualTo(503);
			assertThat(logs.messages(Level.ERROR)).isEmpty();
		}
	}

	/**
	 * Sends an order whose handler holds its transaction, and its connection, until the test
	 * counts {@code releaseOrder} down; returns once the handler runs.
	 */
	private static CompletableFuture<HttpResponse<String>> sendOrderThatWaitsInItsHandler(
			ReceiverInstance instance, String deliveryId) throws InterruptedException {
		ShopHandlers handlers = instance.handlers();
		handlers.orderEntered = new CountDownLatch(1);
		handlers.releaseOrder = new CountDownLatch(1);
		Delivery order = TestDeliveries.order(deliveryId, WebhookControllerTests.order("o-" + deliveryId),
				TestDeliveries.NOW);
		CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() -> instance.send(order));
		assertThat(handlers.orderEntered.await(30, TimeUnit.SECONDS)).isTrue();
		return answer;
	}

	/**
	 * Captures what the receiver, Spring's transactions and Hibernate log when the database is
	 * gone.
	 */
	private static LogCapture captureStoreFailures() {
		return LogCapture.of(WebhookController.class.getName(), TransactionTemplate.class.getName(),
				SqlErrorLogs.LOGGER);
	}

	/**
	 * Asserts that the receiver logged nothing at ERROR itself (the failure was not taken for a
	 * handler's): the only ERROR is Spring's own when the rollback on a dead connection failed
	 * too, which depends on whether the pool still handed one out.
	 */
	private static void assertRollbackFailureLogged(LogCapture logs) {
		assertThat(logs.messages(Level.ERROR)).isSubsetOf("Application exception overridden by rollback exception");
	}

	private static void assertServiceUnavailable(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("Retry-After")).hasValue("10");
		assertThat(response.body()).contains("urn:webhook-receiver:problem:store-unavailable");
	}

	/**
	 * Starts PostgreSQL on a data directory that outlives it, so that it can be started again
	 * with the same data, as after {@code pg_ctl stop -m fast} (what {@code close()} runs).
	 */
	private static EmbeddedPostgres startPostgres(Path data, int port) throws IOException {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(data)
			.setCleanDataDirectory(false);
		return (port != 0) ? builder.setPort(port).start() : builder.start();
	}

	private static String[] databaseProperties(EmbeddedPostgres postgres) {
		return databaseProperties(postgres, "250ms");
	}

	private static String[] databaseProperties(EmbeddedPostgres postgres, String acquireTimeout) {
		return new String[] { "spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
				"spring.datasource.username=postgres", "webhook.receiver.store.initialize-schema=always",
				"webhook.receiver.store.acquire-timeout=" + acquireTimeout,
				"spring.datasource.hikari.validation-timeout=250" };
	}

}
