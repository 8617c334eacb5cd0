package dev.webhookreceiver.web;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.webhookreceiver.web.TestDeliveries.Delivery;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What only a running server shows: bodies without a declared length are bounded while reading.
 */
class ReceiverOverHttpTests {

	private static ReceiverInstance instance;

	@BeforeAll
	static void start() {
		instance = ReceiverInstance.start("spring.datasource.url=jdbc:h2:mem:overhttp;DB_CLOSE_DELAY=-1");
	}

	@AfterAll
	static void stop() {
		instance.close();
	}

	@Test
	void refusesAChunkedBodyLargerThanTheMaximumWhileReadingIt() {
		String giant = "{\"id\":\"evt_chunked\",\"type\":\"payment_intent.created\",\"pad\":\"" + "x".repeat(5000)
				+ "\"}";
		Delivery delivery = TestDeliveries.stripe(giant, TestDeliveries.NOW);
		byte[] bytes = giant.getBytes(StandardCharsets.UTF_8);
		HttpRequest.Builder request = HttpRequest.newBuilder(instance.uri(delivery.path()))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
		delivery.headers().forEach(request::header);
		HttpResponse<String> response = instance.send(request.build());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
		assertThat(response.body()).contains("urn:webhook-receiver:problem:payload-too-large");
		assertThat(instance.handlers().runs("evt_chunked")).isZero();
	}

	@Test
	void acceptsAChunkedBodyWithinTheMaximum() {
		Delivery delivery = TestDeliveries.stripe(WebhookControllerTests.payment("evt_small_chunked"),
				TestDeliveries.NOW);
		byte[] bytes = delivery.body().getBytes(StandardCharsets.UTF_8);
		HttpRequest.Builder request = HttpRequest.newBuilder(instance.uri(delivery.path()))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
		delivery.headers().forEach(request::header);
		HttpResponse<String> response = instance.send(request.build());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("\"processed\"");
	}

}
