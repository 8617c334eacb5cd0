package dev.webhookreceiver.sample;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webhookreceiver.test.SignedDelivery;
import dev.webhookreceiver.test.WebhookSigners;
import dev.webhookreceiver.test.cli.Send;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples of {@code docs/testing.md} that send over real HTTP to the running sample shop:
 * {@code RestTestClient}, {@code java.net.http.HttpClient} and the {@code send} command.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:sample-testing-docs-http;DB_CLOSE_DELAY=-1")
@AutoConfigureRestTestClient
class TestingDocsHttpTests {

	@LocalServerPort
	private int port;

	@Autowired
	private RestTestClient restTestClient;

	@Test
	void restTestClientPostsASignedDelivery() {
		SignedDelivery delivery = WebhookSigners.github("dev-only-github-secret").sign();

		this.restTestClient.post()
			.uri("/webhooks/github")
			.headers((headers) -> headers.addAll(delivery.headers()))
			.body(delivery.body())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("processed");
	}

	@Test
	void webTestClientPostsASignedDelivery() {
		SignedDelivery delivery = WebhookSigners.standardWebhooks("whsec_ZGV2LW9ubHktb3JkZXJzLXNlY3JldC0wMDAwMDAwMDA=")
			.body("{\"type\":\"order.created\",\"data\":{\"id\":\"o-1\",\"customer\":\"Ada\",\"total\":12.5,\"currency\":\"EUR\"}}")
			.sign();
		WebTestClient client = WebTestClient.bindToServer(new JdkClientHttpConnector())
			.baseUrl("http://localhost:" + this.port)
			.build();

		client.post()
			.uri("/webhooks/orders")
			.headers((headers) -> headers.addAll(delivery.headers()))
			.bodyValue(delivery.body())
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("accepted");
	}

	@Test
	void httpClientPostsASignedDelivery() throws Exception {
		SignedDelivery delivery = WebhookSigners.stripe("whsec_dev_only_stripe_secret").sign();

		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/webhooks/stripe"))
			.POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
		delivery.headers().forEach((name, values) -> values.forEach((value) -> request.header(name, value)));
		HttpResponse<String> answer = HttpClient.newHttpClient()
			.send(request.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.body()).contains("\"processed\"");
	}

	@Test
	void sendCommandSignsAndSendsADeliveryAndPrintsTheAnswer(@TempDir Path directory) throws Exception {
		Path issue = Files.writeString(directory.resolve("issue.json"),
				"{\"action\":\"opened\",\"issue\":{\"number\":7,\"title\":\"Sent from the command line\"}}");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();

		int status = new Send(new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8), new byte[0])
			.run(new String[] { "send", "--provider", "github", "--secret", "dev-only-github-secret", "--event",
					"issues", "--body", issue.toString(), "http://localhost:" + this.port + "/webhooks/github" });

		assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
		assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200")
			.contains("content-type: application/json")
			.contains("\"status\":\"processed\"");
	}

	@Test
	void sendCommandPrintsARefusal() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();

		int status = new Send(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, new byte[0])
			.run(new String[] { "send", "--provider", "stripe", "--secret", "whsec_not_the_secret",
					"http://localhost:" + this.port + "/webhooks/stripe" });

		assertThat(status).isOne();
		assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("HTTP/1.1 401")
			.contains("content-type: application/problem+json")
			.contains("invalid-signature");
	}

}
