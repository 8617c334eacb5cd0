package dev.webhookreceiver.web;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the database goes away, deliveries are answered 503: the sender retries, and nothing was
 * processed.
 */
class StoreUnavailableTests {

	@Test
	void answersServiceUnavailableAndCallsNoHandlerWhenTheDatabaseIsDown() throws Exception {
		EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
		try (ReceiverInstance instance = ReceiverInstance.start(databaseProperties(postgres))) {
			postgres.close();
			HttpResponse<String> response = instance.send(
					TestDeliveries.stripe(WebhookControllerTests.payment("evt_down"), TestDeliveries.NOW));
			assertServiceUnavailable(response);
			assertThat(instance.handlers().calls).isEmpty();
		}
	}

	@Test
	void answersServiceUnavailableWhenTheDatabaseGoesAwayWhileHandlersRun() throws Exception {
		EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
		try (ReceiverInstance instance = ReceiverInstance.start(databaseProperties(postgres))) {
			ShopHandlers handlers = instance.handlers();
			handlers.orderEntered = new CountDownLatch(1);
			handlers.releaseOrder = new CountDownLatch(1);
			CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() -> instance
				.send(TestDeliveries.order("msg_gone", WebhookControllerTests.order("o-gone"), TestDeliveries.NOW)));
			assertThat(handlers.orderEntered.await(30, TimeUnit.SECONDS)).isTrue();
			postgres.close();
			handlers.releaseOrder.countDown();
			assertServiceUnavailable(answer.get(60, TimeUnit.SECONDS));
		}
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
