package dev.webhookreceiver.web;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.webhookreceiver.web.TestDeliveries.Delivery;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An endpoint's {@code allowed-sources} behind a proxy, over real HTTP: the sender's address is
 * the request's remote address, which {@code X-Forwarded-For} sets only where Spring Boot's
 * {@code server.forward-headers-strategy} enables forwarded headers (with {@code native}, only
 * from a trusted proxy such as this test's loopback client; with {@code framework}, from any).
 */
class AllowedSourcesOverHttpTests {

	private static final String SENDER = "192.30.252.41";

	private static final String ALLOWED = "webhook.receiver.endpoints.github.allowed-sources=192.30.252.0/22";

	@Test
	void ignoresXForwardedForWithoutForwardedHeaders() {
		try (ReceiverInstance instance = ReceiverInstance
			.start("spring.datasource.url=jdbc:h2:mem:sources-direct;DB_CLOSE_DELAY=-1", ALLOWED)) {
			HttpResponse<String> forwarded = send(instance, "d-direct", SENDER);
			assertThat(forwarded.statusCode()).as(forwarded.body()).isEqualTo(403);
			assertThat(forwarded.body()).contains("urn:webhook-receiver:problem:forbidden-source");
			assertThat(instance.deliveries("github", "unknown", "forbidden_source")).isOne();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "native", "framework" })
	void honoursXForwardedForWithForwardedHeaders(String strategy) {
		try (ReceiverInstance instance = ReceiverInstance.start(
				"spring.datasource.url=jdbc:h2:mem:sources-" + strategy + ";DB_CLOSE_DELAY=-1", ALLOWED,
				"server.forward-headers-strategy=" + strategy)) {
			HttpResponse<String> allowed = send(instance, "d-forwarded", SENDER);
			assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
			HttpResponse<String> other = send(instance, "d-other", "198.51.100.4");
			assertThat(other.statusCode()).as(other.body()).isEqualTo(403);
			HttpResponse<String> direct = send(instance, "d-unforwarded", null);
			assertThat(direct.statusCode()).as(direct.body()).isEqualTo(403);
		}
	}

	private static HttpResponse<String> send(ReceiverInstance instance, String deliveryId,
			@Nullable String forwardedFor) {
		Delivery delivery = TestDeliveries.github("issues", deliveryId, WebhookControllerTests.ISSUE_OPENED);
		HttpRequest.Builder request = HttpRequest.newBuilder(instance.uri(delivery.path()))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(delivery.body()));
		delivery.headers().forEach(request::header);
		if (forwardedFor != null) {
			request.header("X-Forwarded-For", forwardedFor);
		}
		return instance.send(request.build());
	}

}
