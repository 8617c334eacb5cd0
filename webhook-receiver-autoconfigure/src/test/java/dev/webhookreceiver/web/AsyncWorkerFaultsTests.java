package dev.webhookreceiver.web;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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

	private void process(String deliveryId) throws InterruptedException {
		CountDownLatch committed = new CountDownLatch(1);
		this.instance.handlers().paymentCommitted = committed;
		HttpResponse<String> accepted = this.instance
			.send(TestDeliveries.stripe(WebhookControllerTests.payment(deliveryId), TestDeliveries.NOW));
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
