package dev.webhookreceiver.web;

import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webhookreceiver.LogCapture;
import dev.webhookreceiver.web.TestDeliveries.Delivery;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sync endpoint with {@code processing.retry-failed}: the sender still gets the handler's
 * failure, and the workers retry the delivery on the backoff schedule.
 */
class RetryFailedSyncDeliveriesTests {

	private ReceiverInstance instance;

	@BeforeEach
	void start() {
		this.instance = ReceiverInstance.start("spring.datasource.url=jdbc:h2:mem:retry-failed;DB_CLOSE_DELAY=-1",
				"webhook.receiver.endpoints.stripe.processing.retry-failed=true",
				"webhook.receiver.processing.poll-interval=50ms");
	}

	@AfterEach
	void stop() {
		this.instance.close();
	}

	@Test
	void aFailedSyncDeliveryIsRetriedByTheWorkersAtItsNextAttempt() throws InterruptedException {
		ShopHandlers handlers = this.instance.handlers();
		handlers.failPayments = true;
		Delivery delivery = TestDeliveries.stripe(WebhookControllerTests.payment("evt_retried"), TestDeliveries.NOW);
		HttpResponse<String> failed;
		try (LogCapture logs = LogCapture.of(WebhookController.class)) {
			failed = this.instance.send(delivery);
			assertThat(logs.messages(Level.ERROR)).singleElement()
				.asString()
				.startsWith("A handler of delivery evt_retried (payment_intent.succeeded) to endpoint 'stripe' failed; "
						+ "recorded as failed for the workers to retry at 2026-01-01T00:00:");
		}
		assertThat(failed.statusCode()).isEqualTo(500);
		OffsetDateTime nextAttemptAt = this.instance.jdbc()
			.queryForObject("select next_attempt_at from webhook_delivery where delivery_id = 'evt_retried'",
					OffsetDateTime.class);
		assertThat(nextAttemptAt.toInstant()).isBetween(TestDeliveries.NOW.plusSeconds(8),
				TestDeliveries.NOW.plusSeconds(10));
		handlers.failPayments = false;
		handlers.paymentCommitted = new CountDownLatch(1);
		this.instance.clock().set(nextAttemptAt.toInstant());
		assertThat(handlers.paymentCommitted.await(60, TimeUnit.SECONDS)).isTrue();
		assertThat(this.instance.jdbc()
			.queryForMap("select status, attempts from webhook_delivery where delivery_id = 'evt_retried'"))
			.containsEntry("STATUS", "PROCESSED")
			.containsEntry("ATTEMPTS", 2);
		assertThat(handlers.runs("evt_retried")).isEqualTo(2);
		assertThat(this.instance.send(delivery).body()).contains("\"status\":\"duplicate\"");
	}

}
