package dev.webhookreceiver.web;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.webhookreceiver.web.TestDeliveries.Delivery;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The memory budget on a running server: with room for three bodies in flight, three
 * deliveries held in their handler fill it, every further one is refused with 503 and
 * {@code Retry-After} before its body is read, and once the three are answered a new one is
 * admitted again.
 */
class MemoryBudgetOverHttpTests {

	private static final int ADMITTED = 3;

	private static final int REFUSED = 8;

	private static ReceiverInstance instance;

	private static String body;

	@BeforeAll
	static void start() {
		// Padded so that each body is just under the 4KB max-payload-size of the test application.
		String order = WebhookControllerTests.order("o-budget");
		body = order.replace("\"extra\":true", "\"pad\":\"" + "x".repeat(4000 - order.length()) + "\"");
		instance = ReceiverInstance.start("spring.datasource.url=jdbc:h2:mem:budget;DB_CLOSE_DELAY=-1",
				"webhook.receiver.max-in-flight=" + (ADMITTED * body.length()) + "B");
	}

	@AfterAll
	static void stop() {
		instance.close();
	}

	@Test
	void refusesDeliveriesBeyondTheBudgetAndAdmitsAgainOnceTheBodiesInFlightAreAnswered() throws Exception {
		ShopHandlers handlers = instance.handlers();
		handlers.orderEntered = new CountDownLatch(ADMITTED);
		handlers.releaseOrder = new CountDownLatch(1);
		ExecutorService senders = Executors.newFixedThreadPool(ADMITTED);
		try {
			List<CompletableFuture<HttpResponse<String>>> admitted = new ArrayList<>();
			for (int i = 0; i < ADMITTED; i++) {
				Delivery delivery = TestDeliveries.order("msg_admitted_" + i, body, TestDeliveries.NOW);
				admitted.add(CompletableFuture.supplyAsync(() -> instance.send(delivery), senders));
			}
			assertThat(handlers.orderEntered.await(30, TimeUnit.SECONDS)).as("the admitted deliveries are in flight")
				.isTrue();
			for (int i = 0; i < REFUSED; i++) {
				HttpResponse<String> refused = instance
					.send(TestDeliveries.order("msg_refused_" + i, body, TestDeliveries.NOW));
				assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
				assertThat(refused.headers().firstValue("Retry-After")).hasValue(Long.toString(DeliveryAnswers.RETRY_AFTER_SECONDS));
				assertThat(refused.body()).contains("urn:webhook-receiver:problem:busy");
			}
			handlers.releaseOrder.countDown();
			for (CompletableFuture<HttpResponse<String>> answer : admitted) {
				HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
				assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
				assertThat(response.body()).contains("\"processed\"");
			}
			HttpResponse<String> after = instance.send(TestDeliveries.order("msg_after", body, TestDeliveries.NOW));
			assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
			for (int i = 0; i < REFUSED; i++) {
				assertThat(handlers.runs("msg_refused_" + i)).isZero();
			}
			assertThat(instance.jdbc()
				.queryForObject("select count(*) from webhook_delivery where delivery_id like 'msg_refused_%'",
						Integer.class))
				.isZero();
		}
		finally {
			instance.handlers().releaseOrder.countDown();
			senders.shutdownNow();
		}
	}

}
