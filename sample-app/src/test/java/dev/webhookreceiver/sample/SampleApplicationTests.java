package dev.webhookreceiver.sample;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.webhookreceiver.WebhookEvent;
import dev.webhookreceiver.WebhookHandler;
import dev.webhookreceiver.test.SignedDelivery;
import dev.webhookreceiver.test.WebhookSigners;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends deliveries signed by {@code webhook-receiver-test}, as GitHub, Stripe and a Standard
 * Webhooks sender sign them, to the running sample app over real HTTP ({@code RestTestClient}).
 * The orders endpoint is async: its deliveries are answered 202 and processed by workers.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:sample-shop-tests;DB_CLOSE_DELAY=-1",
				"webhook.receiver.endpoints.github.secret=" + SampleApplicationTests.GITHUB_SECRET,
				"webhook.receiver.endpoints.stripe.secret=" + SampleApplicationTests.STRIPE_SECRET,
				"webhook.receiver.endpoints.orders.secret=" + SampleApplicationTests.ORDERS_SECRET })
@AutoConfigureRestTestClient
class SampleApplicationTests {

	static final String GITHUB_SECRET = "test-github-secret";

	static final String STRIPE_SECRET = "whsec_test_stripe_secret";

	// whsec_ + base64 of the 32 bytes "test-only-orders-secret-00000000"
	static final String ORDERS_SECRET = "whsec_dGVzdC1vbmx5LW9yZGVycy1zZWNyZXQtMDAwMDAwMDA=";

	@Autowired
	private RestTestClient client;

	@Autowired
	private ProcessedOrders processedOrders;

	@Test
	void gitHubIssueOpenedIsProcessedOnceAndRecorded() {
		SignedDelivery delivery = WebhookSigners.github(GITHUB_SECRET).event("issues").body(gitHubIssueOpened()).sign();
		String deliveryId = delivery.headers().getFirst("X-GitHub-Delivery");
		assertProcessedThenDuplicate("/webhooks/github", delivery, deliveryId);
		assertThat(activitiesOf(deliveryId)).singleElement().satisfies((activity) -> {
			assertThat(activity.source()).isEqualTo("github");
			assertThat(activity.eventType()).isEqualTo("issues.opened");
			assertThat(activity.summary()).contains("#42").contains("Checkout button is grey");
		});
	}

	@Test
	void stripePaymentIntentIsProcessedOnceAndRecorded() {
		String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "");
		SignedDelivery delivery = WebhookSigners.stripe(STRIPE_SECRET).body(stripePaymentIntentSucceeded(eventId)).sign();
		assertProcessedThenDuplicate("/webhooks/stripe", delivery, eventId);
		assertThat(activitiesOf(eventId)).singleElement().satisfies((activity) -> {
			assertThat(activity.source()).isEqualTo("stripe");
			assertThat(activity.eventType()).isEqualTo("payment_intent.succeeded");
			assertThat(activity.summary()).contains("2500").contains("eur");
		});
	}

	@Test
	void standardWebhooksOrderIsAcceptedThenProcessedOnceAndRecorded() throws InterruptedException {
		String messageId = "msg_" + UUID.randomUUID().toString().replace("-", "");
		SignedDelivery delivery = WebhookSigners.standardWebhooks(ORDERS_SECRET)
			.deliveryId(messageId)
			.body(orderCreated())
			.sign();
		assertAcceptedThenDuplicate("/webhooks/orders", delivery, messageId);
		assertThat(activitiesOf(messageId)).singleElement().satisfies((activity) -> {
			assertThat(activity.source()).isEqualTo("orders");
			assertThat(activity.eventType()).isEqualTo("order.created");
			assertThat(activity.summary()).contains("ord_1001").contains("ada@example.com");
		});
	}

	@Test
	void gitHubIssueOpenedWithoutTheIssueIsProcessedAndRecordedWithWhatItHas() {
		SignedDelivery delivery = WebhookSigners.github(GITHUB_SECRET)
			.body("{\"action\":\"opened\",\"repository\":{\"full_name\":\"example/shop\"}}")
			.sign();
		String deliveryId = delivery.headers().getFirst("X-GitHub-Delivery");
		assertProcessedThenDuplicate("/webhooks/github", delivery, deliveryId);
		assertThat(activitiesOf(deliveryId)).singleElement()
			.satisfies((activity) -> assertThat(activity.summary()).isEqualTo("Issue #? opened in example/shop: ?"));
	}

	@Test
	void standardWebhooksOrderWithoutDataIsProcessed() throws InterruptedException {
		SignedDelivery delivery = WebhookSigners.standardWebhooks(ORDERS_SECRET).body("{\"type\":\"order.created\"}").sign();
		String messageId = delivery.headers().getFirst("webhook-id");
		assertAcceptedThenDuplicate("/webhooks/orders", delivery, messageId);
		assertThat(activitiesOf(messageId)).singleElement()
			.satisfies((activity) -> assertThat(activity.summary()).isEqualTo("Order event without order data"));
	}

	@Test
	void gitHubDeliveryWithWrongSignatureIsRejectedAndNotRecorded() {
		SignedDelivery delivery = WebhookSigners.github("not-the-secret").body(gitHubIssueOpened()).sign();
		assertRejectedAsInvalidSignature("/webhooks/github", delivery);
		assertThat(activitiesOf(delivery.headers().getFirst("X-GitHub-Delivery"))).isEmpty();
	}

	@Test
	void stripeDeliveryWithWrongSignatureIsRejectedAndNotRecorded() {
		String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "");
		SignedDelivery delivery = WebhookSigners.stripe("whsec_not_the_secret")
			.body(stripePaymentIntentSucceeded(eventId))
			.sign();
		assertRejectedAsInvalidSignature("/webhooks/stripe", delivery);
		assertThat(activitiesOf(eventId)).isEmpty();
	}

	@Test
	void standardWebhooksDeliveryWithWrongSignatureIsRejectedAndNotRecorded() {
		String otherSecret = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
		SignedDelivery delivery = WebhookSigners.standardWebhooks(otherSecret).body(orderCreated()).sign();
		assertRejectedAsInvalidSignature("/webhooks/orders", delivery);
		assertThat(activitiesOf(delivery.headers().getFirst("webhook-id"))).isEmpty();
	}

	@Test
	void tamperedStripeDeliveryIsRejectedAndNotRecorded() {
		String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "");
		SignedDelivery delivery = WebhookSigners.stripe(STRIPE_SECRET).body(stripePaymentIntentSucceeded(eventId)).sign();
		assertRejectedAsInvalidSignature("/webhooks/stripe", delivery.withBody(delivery.bodyAsString().replace("2500", "25")));
		assertThat(activitiesOf(eventId)).isEmpty();
	}

	private void assertProcessedThenDuplicate(String path, SignedDelivery delivery, String deliveryId) {
		assertAnswer(path, delivery, HttpStatus.OK, "processed", deliveryId);
		assertAnswer(path, delivery, HttpStatus.OK, "duplicate", deliveryId);
	}

	/**
	 * Posts a delivery to an async endpoint: answered 202 once stored, a copy 200 duplicate; and
	 * waits until the workers committed its handlers' writes.
	 */
	private void assertAcceptedThenDuplicate(String path, SignedDelivery delivery, String deliveryId)
			throws InterruptedException {
		assertAnswer(path, delivery, HttpStatus.ACCEPTED, "accepted", deliveryId);
		assertAnswer(path, delivery, HttpStatus.OK, "duplicate", deliveryId);
		assertThat(this.processedOrders.committed(deliveryId).await(30, TimeUnit.SECONDS)).isTrue();
	}

	private void assertAnswer(String path, SignedDelivery delivery, HttpStatus status, String outcome,
			String deliveryId) {
		post(path, delivery).expectStatus()
			.isEqualTo(status)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(outcome)
			.jsonPath("$.deliveryId")
			.isEqualTo(deliveryId);
	}

	private void assertRejectedAsInvalidSignature(String path, SignedDelivery delivery) {
		post(path, delivery).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:webhook-receiver:problem:invalid-signature");
	}

	private RestTestClient.ResponseSpec post(String path, SignedDelivery delivery) {
		return this.client.post()
			.uri(path)
			.headers((headers) -> headers.addAll(delivery.headers()))
			.body(delivery.body())
			.exchange();
	}

	private List<ActivityRow> activitiesOf(String deliveryId) {
		ActivityRow[] activities = this.client.get()
			.uri("/activity")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(ActivityRow[].class)
			.returnResult()
			.getResponseBody();
		assertThat(activities).isNotNull();
		return Arrays.stream(activities).filter((activity) -> deliveryId.equals(activity.deliveryId())).toList();
	}

	private static String gitHubIssueOpened() {
		return """
				{"action":"opened","issue":{"number":42,"title":"Checkout button is grey","state":"open"},\
				"repository":{"id":1,"full_name":"example/shop"},"sender":{"login":"octocat"}}""";
	}

	private static String stripePaymentIntentSucceeded(String eventId) {
		return """
				{
				  "id": "%s",
				  "object": "event",
				  "type": "payment_intent.succeeded",
				  "data": {
				    "object": {
				      "id": "pi_3TestSample",
				      "object": "payment_intent",
				      "amount": 2500,
				      "currency": "eur",
				      "status": "succeeded"
				    }
				  }
				}""".formatted(eventId);
	}

	private static String orderCreated() {
		return """
				{"type":"order.created","timestamp":"2026-01-15T10:00:00Z",\
				"data":{"id":"ord_1001","customer":"ada@example.com","total":25.00,"currency":"EUR"}}""";
	}

	/**
	 * Another handler of the async orders endpoint, in the same transaction as the sample's:
	 * tells the test when the workers committed a delivery's writes.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class ProcessedOrders {

		private final Map<String, CountDownLatch> committed = new ConcurrentHashMap<>();

		@WebhookHandler(endpoint = "orders", event = { "order.created", "order.paid" })
		void whenCommitted(WebhookEvent event) {
			CountDownLatch latch = committed(event.deliveryId());
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					latch.countDown();
				}

			});
		}

		CountDownLatch committed(String deliveryId) {
			return this.committed.computeIfAbsent(deliveryId, (id) -> new CountDownLatch(1));
		}

	}

	/**
	 * A row of {@code GET /activity}, as a client sees it.
	 */
	record ActivityRow(String source, String eventType, String deliveryId, String summary) {
	}

}
