package dev.webhookreceiver.test.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Send} against a small HTTP server on a random port, which records what it receives.
 */
class SendTests {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private final AtomicReference<Received> received = new AtomicReference<>();

	private HttpServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		this.server.createContext("/webhooks/github", (exchange) -> {
			this.received.set(new Received(Map.copyOf(exchange.getRequestHeaders()),
					exchange.getRequestBody().readAllBytes()));
			byte[] answer = "{\"status\":\"processed\"}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, answer.length);
			try (OutputStream body = exchange.getResponseBody()) {
				body.write(answer);
			}
		});
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
	}

	@Test
	void signsTheBodyOfTheFileSendsItAndPrintsTheAnswer(@TempDir Path directory) throws Exception {
		Path issue = Files.writeString(directory.resolve("issue.json"), "{\"action\":\"opened\"}");
		int status = run("send", "--provider", "github", "--secret", "dev-only-github-secret", "--event", "issues",
				"--body", issue.toString(), url());
		assertThat(status).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200")
			.contains("content-type: application/json")
			.endsWith("{\"status\":\"processed\"}" + System.lineSeparator());
		Received received = this.received.get();
		assertThat(received.body()).isEqualTo(Files.readAllBytes(issue));
		assertThat(received.header("X-github-event")).isEqualTo("issues");
		assertThat(received.header("X-hub-signature-256"))
			.isEqualTo("sha256=" + hmacSha256Hex("dev-only-github-secret", received.body()));
	}

	@Test
	void readsTheBodyFromStandardInput() {
		int status = new Send(print(this.out), print(this.err), "{}".getBytes(StandardCharsets.UTF_8))
			.run(new String[] { "send", "--provider", "github", "--secret", "s", "--body", "-", url() });
		assertThat(status).isZero();
		assertThat(this.received.get().body()).asString(StandardCharsets.UTF_8).isEqualTo("{}");
	}

	@Test
	void unknownProviderIsAUsageError() {
		assertThat(run("send", "--provider", "githib", "--secret", "s", url())).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).startsWith("send: unknown provider 'githib'")
			.contains("Usage: send --provider");
		assertThat(this.received.get()).isNull();
	}

	@Test
	void missingSecretIsAUsageError() {
		assertThat(run("send", "--provider", "github", url())).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).startsWith("send: --secret is required");
	}

	@Test
	void missingUrlIsAUsageError() {
		assertThat(run("send", "--provider", "github", "--secret", "s")).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).startsWith("send: the URL to send to is missing");
	}

	@Test
	void missingBodyFileIsAUsageError() {
		assertThat(run("send", "--provider", "github", "--secret", "s", "--body", "no-such.json", url())).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).startsWith("send: --body: no file 'no-such.json'");
	}

	@Test
	void valueThatTheBodyFixesIsAUsageError(@TempDir Path directory) throws IOException {
		Path event = Files.writeString(directory.resolve("event.json"), "{\"type\":\"invoice.paid\"}");
		assertThat(run("send", "--provider", "stripe", "--secret", "whsec_x", "--event", "invoice.paid", "--body",
				event.toString(), url())).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8))
			.startsWith("send: Stripe sends the event type in the body");
	}

	@Test
	void unreachableApplicationIsReported() throws IOException {
		int port;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		assertThat(run("send", "--provider", "github", "--secret", "s", "http://localhost:" + port + "/webhooks/github"))
			.isEqualTo(3);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).startsWith("send: cannot send to http://localhost:" + port);
	}

	private int run(String... args) {
		return new Send(print(this.out), print(this.err), new byte[0]).run(args);
	}

	private String url() {
		return "http://localhost:" + this.server.getAddress().getPort() + "/webhooks/github";
	}

	private static PrintStream print(ByteArrayOutputStream stream) {
		return new PrintStream(stream, true, StandardCharsets.UTF_8);
	}

	private static String hmacSha256Hex(String secret, byte[] body) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(body));
	}

	/**
	 * What the server received.
	 */
	private record Received(Map<String, List<String>> headers, byte[] body) {

		String header(String name) {
			return this.headers.get(name).get(0);
		}

	}

}
