package dev.webhookreceiver.sample;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.webhookreceiver.test.SignedDelivery;
import dev.webhookreceiver.test.WebhookSigners;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The requests of docs/operations.md against the sample app, which exposes the Actuator
 * endpoint {@code webhooks}: see a delivery, replay it, replay the dead ones, delete it, and
 * read the health and the backlog gauge.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:sample-shop-operations;DB_CLOSE_DELAY=-1",
				"webhook.receiver.endpoints.github.secret=" + SampleOperationsTests.GITHUB_SECRET })
@AutoConfigureRestTestClient
class SampleOperationsTests {

	static final String GITHUB_SECRET = "test-github-secret";

	private static final String ISSUE_OPENED = """
			{"action":"opened","issue":{"number":1,"title":"Hello from curl"},"repository":{"full_name":"example/shop"}}""";

	@Autowired
	private RestTestClient client;

	@Test
	void operatorsSeeReplayAndDeleteADeliveryThroughActuator() {
		SignedDelivery delivery = WebhookSigners.github(GITHUB_SECRET).event("issues").body(ISSUE_OPENED).sign();
		String deliveryId = delivery.headers().getFirst("X-GitHub-Delivery");
		this.client.post()
			.uri("/webhooks/github")
			.headers((headers) -> headers.addAll(delivery.headers()))
			.body(delivery.body())
			.exchange()
			.expectStatus()
			.isOk();
		ok(this.client.get().uri("/actuator/webhooks"))
			.jsonPath("$.endpoints.github.mode")
			.isEqualTo("sync")
			.jsonPath("$.endpoints.orders.mode")
			.isEqualTo("async")
			.jsonPath("$.deliveries.DEAD")
			.isEqualTo(0);
		ok(this.client.get().uri("/actuator/webhooks/github?status=PROCESSED&limit=10"))
			.jsonPath("$.deliveries[0].deliveryId")
			.isEqualTo(deliveryId);
		ok(this.client.get().uri("/actuator/webhooks/github/" + deliveryId))
			.jsonPath("$.body")
			.isEqualTo(ISSUE_OPENED)
			.jsonPath("$.headers['X-Hub-Signature-256']")
			.isEqualTo("******");
		ok(this.client.post().uri("/actuator/webhooks/github/" + deliveryId))
			.jsonPath("$.outcome")
			.isEqualTo("REPLAYED")
			.jsonPath("$.status")
			.isEqualTo("PROCESSED");
		assertThat(activitiesOf(deliveryId)).as("the handler ran again").isEqualTo(2);
		ok(this.client.post()
			.uri("/actuator/webhooks/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"status\":\"DEAD\"}"))
			.jsonPath("$.replayed")
			.isEqualTo(0);
		ok(this.client.get().uri("/actuator/health/webhooks"))
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.details.dead")
			.isEqualTo(0);
		ok(this.client.get().uri("/actuator/metrics/webhook.store.pending?tag=status:dead"))
			.jsonPath("$.measurements[0].value")
			.isEqualTo(0.0);
		ok(this.client.delete().uri("/actuator/webhooks/github/" + deliveryId))
			.jsonPath("$.outcome")
			.isEqualTo("DELETED");
		this.client.get().uri("/actuator/webhooks/github/" + deliveryId).exchange().expectStatus().isNotFound();
	}

	private static RestTestClient.BodyContentSpec ok(RestTestClient.RequestHeadersSpec<?> request) {
		return request.exchange().expectStatus().isOk().expectBody();
	}

	private long activitiesOf(String deliveryId) {
		SampleApplicationTests.ActivityRow[] activities = this.client.get()
			.uri("/activity")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(SampleApplicationTests.ActivityRow[].class)
			.returnResult()
			.getResponseBody();
		assertThat(activities).isNotNull();
		return Arrays.stream(activities).filter((activity) -> deliveryId.equals(activity.deliveryId())).count();
	}

}
