package dev.webhookreceiver.web;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import dev.webhookreceiver.LogCapture;
import dev.webhookreceiver.store.SqlErrorLogs;

import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the database goes away, deliveries are answered 503: the sender retries, and nothing was
 * processed.
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
			ShopHandlers handlers = instance.handlers();
			handlers.orderEntered = new CountDownLatch(1);
			handlers.releaseOrder = new CountDownLatch(1);
			CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() -> instance
				.send(TestDeliveries.order("msg_gone", WebhookControllerTests.order("o-gone"), TestDeliveries.NOW)));
			assertThat(handlers.orderEntered.await(30, TimeUnit.SECONDS)).isTrue();
			postgres.close();
			handlers.releaseOrder.countDown();
			assertServiceUnavailable(answer.get(60, TimeUnit.SECONDS));
			assertRollbackFailureLogged(logs);
		}
	}

	/**
	 * Captures what Spring's transactions and Hibernate log when the database is gone.
	 */
	private static LogCapture captureStoreFailures() {
		return LogCapture.of(TransactionTemplate.class.getName(), SqlErrorLogs.LOGGER);
	}

	/**
	 * Asserts that the receiver logged nothing at ERROR itself: the only ERROR is Spring's own
	 * when the rollback on a dead connection failed too, which depends on whether the pool
	 * still handed one out.
	 */
	private static void assertRollbackFailureLogged(LogCapture logs) {
		assertThat(logs.messages(Level.ERROR)).isSubsetOf("Application exception overridden by rollback exception");
	}

	private static void assertServiceUnavailable(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("urn:webhook-receiver:problem:store-unavailable");
	}

	private static String[] databaseProperties(EmbeddedPostgres postgres) {
		return new String[] { "spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
				"spring.datasource.username=postgres", "webhook.receiver.store.initialize-schema=always",
				"spring.datasource.hikari.connection-timeout=250", "spring.datasource.hikari.validation-timeout=250" };
	}

}
