package dev.webhookreceiver.sample;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends deliveries signed here, as GitHub, Stripe and a Standard Webhooks sender would, to the
 * running sample app over real HTTP.
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

	@Test
	void gitHubIssueOpenedIsProcessedOnceAndRecorded() {
		String deliveryId = UUID.randomUUID().toString();
		String body = gitHubIssueOpened();
		HttpHeaders headers = gitHubHeaders(deliveryId, body, GITHUB_SECRET);
		assertProcessedThenDuplicate("/webhooks/github", headers, body, deliveryId);
		assertThat(activitiesOf(deliveryId)).singleElement().satisfies((activity) -> {
			assertThat(activity.source()).isEqualTo("github");
			assertThat(activity.eventType()).isEqualTo("issues.opened");
			assertThat(activity.summary()).contains("#42").contains("Checkout button is grey");
		});
	}

	@Test
	void stripePaymentIntentIsProcessedOnceAndRecorded() {
		String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "");
		String body = stripePaymentIntentSucceeded(eventId);
		HttpHeaders headers = stripeHeaders(body, STRIPE_SECRET);
		assertProcessedThenDuplicate("/webhooks/stripe", headers, body, eventId);
		assertThat(activitiesOf(eventId)).singleElement().satisfies((activity) -> {
			assertThat(activity.source()).isEqualTo("stripe");
			assertThat(activity.eventType()).isEqualTo("payment_intent.succeeded");
			assertThat(activity.summary()).contains("2500").contains("eur");
		});
	}

	@Test
	void standardWebhooksOrderIsProcessedOnceAndRecorded() {
		String messageId = "msg_" + UUID.randomUUID().toString().replace("-", "");
		String body = orderCreated();
		HttpHeaders headers = standardWebhooksHeaders(messageId, body, ORDERS_SECRET);
		assertProcessedThenDuplicate("/webhooks/orders", headers, body, messageId);
		assertThat(activitiesOf(messageId)).singleElement().satisfies((activity) -> {
			assertThat(activity.source()).isEqualTo("orders");
			assertThat(activity.eventType()).isEqualTo("order.created");
			assertThat(activity.summary()).contains("ord_1001").contains("ada@example.com");
		});
	}

	@Test
	void gitHubIssueOpenedWithoutTheIssueIsProcessedAndRecordedWithWhatItHas() {
		String deliveryId = UUID.randomUUID().toString();
		String body = "{\"action\":\"opened\",\"repository\":{\"full_name\":\"example/shop\"}}";
		assertProcessedThenDuplicate("/webhooks/github", gitHubHeaders(deliveryId, body, GITHUB_SECRET), body,
				deliveryId);
		assertThat(activitiesOf(deliveryId)).singleElement()
			.satisfies((activity) -> assertThat(activity.summary()).isEqualTo("Issue #? opened in example/shop: ?"));
	}

	@Test
	void standardWebhooksOrderWithoutDataIsProcessed() {
		String messageId = "msg_" + UUID.randomUUID().toString().replace("-", "");
		String body = "{\"type\":\"order.created\"}";
		assertProcessedThenDuplicate("/webhooks/orders", standardWebhooksHeaders(messageId, body, ORDERS_SECRET), body,
				messageId);
		assertThat(activitiesOf(messageId)).singleElement()
			.satisfies((activity) -> assertThat(activity.summary()).isEqualTo("Order event without order data"));
	}

	@Test
	void gitHubDeliveryWithWrongSignatureIsRejectedAndNotRecorded() {
		String deliveryId = UUID.randomUUID().toString();
		String body = gitHubIssueOpened();
		assertRejectedAsInvalidSignature("/webhooks/github", gitHubHeaders(deliveryId, body, "not-the-secret"), body);
		assertThat(activitiesOf(deliveryId)).isEmpty();
	}

	@Test
	void stripeDeliveryWithWrongSignatureIsRejectedAndNotRecorded() {
		String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "");
		String body = stripePaymentIntentSucceeded(eventId);
		assertRejectedAsInvalidSignature("/webhooks/stripe", stripeHeaders(body, "whsec_not_the_secret"), body);
		assertThat(activitiesOf(eventId)).isEmpty();
	}

	@Test
	void standardWebhooksDeliveryWithWrongSignatureIsRejectedAndNotRecorded() {
		String messageId = "msg_" + UUID.randomUUID().toString().replace("-", "");
		String body = orderCreated();
		String otherSecret = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
		assertRejectedAsInvalidSignature("/webhooks/orders", standardWebhooksHeaders(messageId, body, otherSecret),
				body);
		assertThat(activitiesOf(messageId)).isEmpty();
	}

	private void assertProcessedThenDuplicate(String path, HttpHeaders headers, String body, String deliveryId) {
		post(path, headers, body).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("processed")
			.jsonPath("$.deliveryId")
			.isEqualTo(deliveryId);
		post(path, headers, body).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("duplicate")
			.jsonPath("$.deliveryId")
			.isEqualTo(deliveryId);
	}

	private void assertRejectedAsInvalidSignature(String path, HttpHeaders headers, String body) {
		post(path, headers, body).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:webhook-receiver:problem:invalid-signature");
	}

	private RestTestClient.ResponseSpec post(String path, HttpHeaders headers, String body) {
		return this.client.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.headers((requestHeaders) -> requestHeaders.addAll(headers))
			.body(body.getBytes(StandardCharsets.UTF_8))
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

	private static HttpHeaders gitHubHeaders(String deliveryId, String body, String secret) {
		HttpHeaders headers = new HttpHeaders();
		headers.set("X-GitHub-Event", "issues");
		headers.set("X-GitHub-Delivery", deliveryId);
		headers.set("X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(hmacSha256(utf8(secret), utf8(body))));
		return headers;
	}

	private static HttpHeaders stripeHeaders(String body, String secret) {
		String timestamp = Long.toString(Instant.now().getEpochSecond());
		byte[] signature = hmacSha256(utf8(secret), utf8(timestamp + "."), utf8(body));
		HttpHeaders headers = new HttpHeaders();
		headers.set("Stripe-Signature", "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(signature));
		return headers;
	}

	private static HttpHeaders standardWebhooksHeaders(String messageId, String body, String secret) {
		String timestamp = Long.toString(Instant.now().getEpochSecond());
		byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
		byte[] signature = hmacSha256(key, utf8(messageId + "." + timestamp + "."), utf8(body));
		HttpHeaders headers = new HttpHeaders();
		headers.set("webhook-id", messageId);
		headers.set("webhook-timestamp", timestamp);
		headers.set("webhook-signature", "v1," + Base64.getEncoder().encodeToString(signature));
		return headers;
	}

	private static byte[] hmacSha256(byte[] key, byte[]... content) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			for (byte[] part : content) {
				mac.update(part);
			}
			return mac.doFinal();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
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
	 * A row of {@code GET /activity}, as a client sees it.
	 */
	record ActivityRow(String source, String eventType, String deliveryId, String summary) {
	}

}
