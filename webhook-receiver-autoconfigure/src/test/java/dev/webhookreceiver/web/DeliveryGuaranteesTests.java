package dev.webhookreceiver.web;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webhookreceiver.LogCapture;
import dev.webhookreceiver.store.SqlErrorLogs;
import dev.webhookreceiver.web.TestDeliveries.Delivery;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The storage guarantees 1 to 4 of the design, over real HTTP, with two application instances
 * sharing one database. Subclasses name the database.
 */
abstract class DeliveryGuaranteesTests {

	private ReceiverInstance first;

	private ReceiverInstance second;

	/**
	 * The properties that point an instance at the shared database.
	 * @return the datasource properties
	 */
	abstract String[] databaseProperties();

	@BeforeEach
	void startTwoInstances() {
		this.first = ReceiverInstance.start(databaseProperties());
		this.second = ReceiverInstance.start(databaseProperties());
		this.first.clearDatabase();
	}

	@AfterEach
	void stopInstances() {
		this.first.close();
		this.second.close();
	}

	@Test
	void aCompletedDeliveryIsNeverProcessedAgainAcrossInstancesAndRestarts() {
		Delivery delivery = TestDeliveries.stripe(WebhookControllerTests.payment("evt_once"), TestDeliveries.NOW);
		assertAnswer(this.first.send(delivery), 200, "processed");
		assertAnswer(this.second.send(delivery), 200, "duplicate");
		this.first.close();
		this.first = ReceiverInstance.start(databaseProperties());
		assertAnswer(this.first.send(delivery), 200, "duplicate");
		assertThat(this.second.handlers().runs("evt_once") + this.first.handlers().runs("evt_once")).isZero();
	}

	@Test
	void concurrentCopiesOverTwoInstancesRunTheHandlersExactlyOnce() throws Exception {
		Delivery delivery = TestDeliveries.stripe(WebhookControllerTests.payment("evt_race"), TestDeliveries.NOW);
		int copies = 40;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(copies);
		List<Future<HttpResponse<String>>> answers = new ArrayList<>();
		try (LogCapture sqlErrors = SqlErrorLogs.capture()) {
			for (int i = 0; i < copies; i++) {
				ReceiverInstance instance = (i % 2 == 0) ? this.first : this.second;
				answers.add(executor.submit(() -> {
					start.await();
					return instance.send(delivery);
				}));
			}
			start.countDown();
			int processed = 0;
			for (Future<HttpResponse<String>> answer : answers) {
				HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
				assertThat(response.statusCode()).as(response.body()).isIn(200, 409);
				if (response.body().contains("\"processed\"")) {
					processed++;
				}
				else {
					assertThat(response.body()).containsAnyOf("\"duplicate\"", "in-progress");
				}
			}
			assertThat(processed).isOne();
			SqlErrorLogs.assertNone(sqlErrors);
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.first.handlers().runs("evt_race") + this.second.handlers().runs("evt_race")).isOne();
		assertThat(payments("evt_race")).isOne();
	}

	@Test
	void aFailedDeliveryIsRunAgainByARedelivery() {
		Delivery delivery = TestDeliveries.stripe(WebhookControllerTests.payment("evt_retry"), TestDeliveries.NOW);
		this.first.handlers().failPayments = true;
		HttpResponse<String> failed;
		try (LogCapture logs = LogCapture.of(WebhookController.class)) {
			failed = this.first.send(delivery);
			ShopHandlers.assertPaymentFailureLogged(logs, "evt_retry");
		}
		assertThat(failed.statusCode()).isEqualTo(500);
		assertThat(failed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(status("evt_retry")).isEqualTo("FAILED");
		assertAnswer(this.second.send(delivery), 200, "processed");
		assertThat(this.second.handlers().runs("evt_retry")).isOne();
		assertThat(status("evt_retry")).isEqualTo("PROCESSED");
		assertAnswer(this.first.send(delivery), 200, "duplicate");
	}

	@Test
	void aRedeliveryOfAFailedDeliveryWhoseRetryIsRunningIsAnsweredInProgressWithoutWaitingForTheHandlers()
			throws Exception {
		Delivery delivery = TestDeliveries.stripe(WebhookControllerTests.payment("evt_retrying"), TestDeliveries.NOW);
		this.first.handlers().failPayments = true;
		try (LogCapture logs = LogCapture.of(WebhookController.class)) {
			this.first.send(delivery);
			ShopHandlers.assertPaymentFailureLogged(logs, "evt_retrying");
		}
		assertThat(status("evt_retrying")).isEqualTo("FAILED");
		ShopHandlers retrying = this.first.handlers();
		retrying.failPayments = false;
		retrying.paymentEntered = new CountDownLatch(1);
		retrying.releasePayment = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try (LogCapture sqlErrors = SqlErrorLogs.capture()) {
			Future<HttpResponse<String>> retry = executor.submit(() -> this.first.send(delivery));
			assertThat(retrying.paymentEntered.await(30, TimeUnit.SECONDS)).as("the retry's handler runs").isTrue();
			// answered while the retry's handler waits for the test to release it
			HttpResponse<String> copy = executor.submit(() -> this.second.send(delivery)).get(20, TimeUnit.SECONDS);
			assertThat(copy.statusCode()).as(copy.body()).isEqualTo(409);
			assertThat(copy.body()).contains("in-progress");
			retrying.releasePayment.countDown();
			assertAnswer(retry.get(30, TimeUnit.SECONDS), 200, "processed");
			SqlErrorLogs.assertNone(sqlErrors);
		}
		finally {
			retrying.releasePayment.countDown();
			executor.shutdownNow();
		}
		assertThat(this.first.handlers().runs("evt_retrying")).isEqualTo(2);
		assertThat(this.second.handlers().runs("evt_retrying")).isZero();
		assertThat(payments("evt_retrying")).isOne();
		assertThat(status("evt_retrying")).isEqualTo("PROCESSED");
	}

	@Test
	void aHandlersOwnJpaWriteCommitsOrRollsBackWithTheProcessedMark() {
		this.first.handlers().failPayments = true;
		Delivery rolledBack = TestDeliveries.stripe(WebhookControllerTests.payment("evt_rolled_back"),
				TestDeliveries.NOW);
		try (LogCapture logs = LogCapture.of(WebhookController.class)) {
			this.first.send(rolledBack);
			ShopHandlers.assertPaymentFailureLogged(logs, "evt_rolled_back");
		}
		assertThat(payments("evt_rolled_back")).isZero();
		assertThat(status("evt_rolled_back")).isEqualTo("FAILED");
		this.first.handlers().failPayments = false;
		this.first.send(TestDeliveries.stripe(WebhookControllerTests.payment("evt_committed"), TestDeliveries.NOW));
		assertThat(payments("evt_committed")).isOne();
		assertThat(status("evt_committed")).isEqualTo("PROCESSED");
	}

	@Test
	void aHandlersOwnConstraintViolationIsAHandlerFailureNotAnUnavailableStore() {
		this.first.jdbc().update("insert into handled_payment (id, payment_id) values (-1, 'evt_taken')");
		HttpResponse<String> failed;
		try (LogCapture logs = LogCapture.of(WebhookController.class.getName(), SqlErrorLogs.LOGGER)) {
			failed = this.first
				.send(TestDeliveries.stripe(WebhookControllerTests.payment("evt_taken"), TestDeliveries.NOW));
			assertThat(logs.messages(Level.ERROR)).containsExactly("A handler of delivery evt_taken "
					+ "(payment_intent.succeeded) to endpoint 'stripe' failed; "
					+ "recorded as failed for a redelivery to retry");
		}
		assertThat(failed.statusCode()).as(failed.body()).isEqualTo(500);
		assertThat(failed.body()).contains("urn:webhook-receiver:problem:handler-failed");
		assertThat(status("evt_taken")).isEqualTo("FAILED");
	}

	private int payments(String paymentId) {
		return this.first.jdbc()
			.queryForObject("select count(*) from handled_payment where payment_id = ?", Integer.class, paymentId);
	}

	private String status(String deliveryId) {
		return this.first.jdbc()
			.queryForObject("select status from webhook_delivery where delivery_id = ?", String.class, deliveryId);
	}

	private static void assertAnswer(HttpResponse<String> response, int status, String outcome) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.body()).contains("\"status\":\"" + outcome + "\"");
	}

}
