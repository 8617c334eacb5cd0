package dev.webhookreceiver.web;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import tools.jackson.databind.JsonNode;

import dev.webhookreceiver.LogCapture;
import dev.webhookreceiver.WebhookEvent;
import dev.webhookreceiver.WebhookHandler;
import dev.webhookreceiver.WebhookHeader;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Handlers that record what they were called with, and can be told to fail or to wait: the
 * order handler while it holds its transaction, the payment handler before its own JPA write.
 */
class ShopHandlers {

	final List<String> calls = new CopyOnWriteArrayList<>();

	final Map<String, AtomicInteger> runsByDelivery = new ConcurrentHashMap<>();

	volatile boolean failPayments;

	/** Whether the payment handler throws an {@link AssertionError}, an error rather than an exception. */
	volatile boolean assertPayments;

	/** Whether the payment handler interrupts its thread, as code that restores an interrupt does. */
	volatile boolean interruptPayments;

	/** Whether the thread was interrupted when the payment handler began, by delivery id. */
	final Map<String, Boolean> interruptedOnEntry = new ConcurrentHashMap<>();

	volatile CountDownLatch paymentEntered = new CountDownLatch(0);

	volatile CountDownLatch releasePayment = new CountDownLatch(0);

	volatile CountDownLatch orderEntered = new CountDownLatch(0);

	/** Counted down when the transaction of a payment handler that completed commits. */
	volatile CountDownLatch paymentCommitted = new CountDownLatch(0);

	volatile CountDownLatch releaseOrder = new CountDownLatch(0);

	@PersistenceContext
	private EntityManager entityManager;

	@WebhookHandler(endpoint = "github", event = "issues.opened")
	void issueOpened(IssueEvent payload, WebhookEvent event) {
		run(event.deliveryId(), "issue opened #" + payload.issue().number());
	}

	@WebhookHandler(endpoint = "stripe", event = "payment_intent.*")
	void payment(JsonNode payload, WebhookEvent event) {
		this.interruptedOnEntry.put(event.deliveryId(), Thread.currentThread().isInterrupted());
		run(event.deliveryId(), "payment " + payload.get("id").asString());
		this.paymentEntered.countDown();
		await(this.releasePayment, "payment");
		this.entityManager.persist(new HandledPayment(payload.get("id").asString()));
		this.entityManager.flush();
		if (this.interruptPayments) {
			Thread.currentThread().interrupt();
		}
		if (this.failPayments) {
			throw new IllegalStateException("payment handler failed on purpose");
		}
		if (this.assertPayments) {
			throw new AssertionError("payment handler asserted on purpose");
		}
		CountDownLatch committed = this.paymentCommitted;
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				committed.countDown();
			}

		});
	}

	@WebhookHandler(endpoint = "orders", event = { "order.created", "order.paid" })
	void order(Order order, @WebhookHeader("webhook-id") String id) {
		this.orderEntered.countDown();
		run(id, "order " + order.orderId());
		await(this.releaseOrder, "order");
	}

	int runs(String deliveryId) {
		AtomicInteger runs = this.runsByDelivery.get(deliveryId);
		return (runs != null) ? runs.get() : 0;
	}

	/**
	 * Asserts that the receiver logged, once and at ERROR, that the payment handler failed on
	 * purpose for the given delivery.
	 * @param logs the capture of the {@link WebhookController} logger
	 * @param deliveryId the id of the delivery whose payment handler failed
	 */
	static void assertPaymentFailureLogged(LogCapture logs, String deliveryId) {
		assertThat(logs.events()).filteredOn((event) -> event.getLevel() == Level.ERROR)
			.singleElement()
			.satisfies((event) -> {
				assertThat(event.getFormattedMessage()).isEqualTo("A handler of delivery " + deliveryId
						+ " (payment_intent.succeeded) to endpoint 'stripe' failed; "
						+ "recorded as failed for a redelivery to retry");
				assertThat(event.getThrowableProxy().getMessage()).isEqualTo("payment handler failed on purpose");
			});
	}

	void reset() {
		this.calls.clear();
		this.runsByDelivery.clear();
		this.failPayments = false;
		this.interruptPayments = false;
		this.assertPayments = false;
		this.interruptedOnEntry.clear();
		this.paymentEntered = new CountDownLatch(0);
		this.releasePayment = new CountDownLatch(0);
		this.orderEntered = new CountDownLatch(0);
		this.paymentCommitted = new CountDownLatch(0);
		this.releaseOrder = new CountDownLatch(0);
	}

	private static void await(CountDownLatch release, String handler) {
		try {
			if (!release.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("the test never released the " + handler + " handler");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void run(String deliveryId, String call) {
		this.runsByDelivery.computeIfAbsent(deliveryId, (key) -> new AtomicInteger()).incrementAndGet();
		this.calls.add(call);
	}

	record IssueEvent(String action, Issue issue) {

		record Issue(int number, String title) {
		}

	}

	record Order(String orderId, long amount) {
	}

}
