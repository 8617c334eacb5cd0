package dev.webhookreceiver.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.webhookreceiver.web.TestDeliveries.Delivery;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed deliveries whose transfer breaks, on a running server over raw sockets: a chunked
 * encoding that is not valid, a body that ends before its declared length or its last chunk,
 * and a sender that goes silent past the server's connection timeout. Each is answered with the
 * receiver's own problem and counted, and nothing is recorded or dispatched, also where Spring
 * Security guards the application.
 */
class BrokenTransfersOverHttpTests {

	private static final Delivery DELIVERY = TestDeliveries.stripe(WebhookControllerTests.payment("evt_broken"),
			TestDeliveries.NOW);

	private static final int LENGTH = DELIVERY.body().getBytes(StandardCharsets.UTF_8).length;

	private static ReceiverInstance instance;

	@BeforeAll
	static void start() {
		instance = ReceiverInstance.start("spring.datasource.url=jdbc:h2:mem:brokentransfers;DB_CLOSE_DELAY=-1",
				"server.tomcat.connection-timeout=1s");
	}

	@AfterAll
	static void stop() {
		instance.close();
	}

	@BeforeEach
	void clear() {
		instance.clearDatabase();
		instance.handlers().reset();
	}

	static Stream<Arguments> brokenTransfers() {
		String body = DELIVERY.body();
		return Stream.of(
				Arguments.of("a chunk size that is not hex", "Transfer-Encoding: chunked", "zz\r\n" + body + "\r\n0\r\n\r\n"),
				Arguments.of("a chunk size that overflows", "Transfer-Encoding: chunked",
						"fffffffffffffffffffff\r\n" + body + "\r\n0\r\n\r\n"),
				Arguments.of("a chunked body that ends in its first chunk", "Transfer-Encoding: chunked",
						Integer.toHexString(LENGTH) + "\r\n" + body.substring(0, 10)),
				Arguments.of("a body that ends before its Content-Length", "Content-Length: " + (LENGTH + 100), body));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("brokenTransfers")
	void answersABrokenTransferMalformedAndRecordsNothing(String what, String framing, String body)
			throws IOException {
		double before = instance.deliveries("stripe", "unknown", "malformed");
		String answer = exchange(instance.uri("/").getPort(), framing, body, true);
		assertThat(answer).as(what).startsWith("HTTP/1.1 400 ")
			.containsIgnoringCase("Content-Type: application/problem+json")
			.contains("\"type\":\"urn:webhook-receiver:problem:malformed\"");
		assertThat(instance.deliveries("stripe", "unknown", "malformed")).isEqualTo(before + 1);
		assertNothingRecorded();
	}

	@Test
	void answersASenderThatGoesSilentPastTheConnectionTimeoutWithReadTimeout() throws IOException {
		double before = instance.deliveries("stripe", "unknown", "read_timeout");
		String answer = exchange(instance.uri("/").getPort(), "Content-Length: " + (LENGTH + 100), DELIVERY.body(),
				false);
		assertThat(answer).startsWith("HTTP/1.1 408 ")
			.containsIgnoringCase("Content-Type: application/problem+json")
			.contains("\"type\":\"urn:webhook-receiver:problem:read-timeout\"");
		assertThat(instance.deliveries("stripe", "unknown", "read_timeout")).isEqualTo(before + 1);
		assertNothingRecorded();
	}

	/**
	 * Sends the signed delivery's head with the given framing header, then the given body bytes,
	 * optionally closing the sending side, and reads the answer until the server closes.
	 */
	private static String exchange(int port, String framing, String body, boolean closeSendingSide)
			throws IOException {
		StringBuilder head = new StringBuilder("POST " + DELIVERY.path() + " HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: application/json\r\n" + framing + "\r\n");
		DELIVERY.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(head.append("\r\n").append(body).toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			if (closeSendingSide) {
				socket.shutdownOutput();
			}
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			in.transferTo(answer);
			return answer.toString(StandardCharsets.UTF_8);
		}
	}

	/**
	 * With Spring Security, whose filters also run for the error dispatch that Tomcat makes.
	 */
	@Nested
	@SpringBootTest(classes = ReceiverTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { ReceiverTestApplication.PROPERTIES, "spring.autoconfigure.exclude=",
					"spring.datasource.url=jdbc:h2:mem:brokentransferssecurity;DB_CLOSE_DELAY=-1",
					"server.tomcat.connection-timeout=1s" })
	class WithSpringSecurity {

		@LocalServerPort
		private int port;

		@Autowired
		private JdbcTemplate jdbc;

		@ParameterizedTest(name = "{0}")
		@MethodSource("dev.webhookreceiver.web.BrokenTransfersOverHttpTests#brokenTransfers")
		void answersABrokenTransferMalformedAndRecordsNothing(String what, String framing, String body)
				throws IOException {
			assertThat(exchange(this.port, framing, body, true)).as(what)
				.startsWith("HTTP/1.1 400 ")
				.contains("\"type\":\"urn:webhook-receiver:problem:malformed\"");
			assertThat(this.jdbc.queryForObject("select count(*) from webhook_delivery", Integer.class)).isZero();
		}

	}

	private static void assertNothingRecorded() {
		assertThat(instance.handlers().calls).isEmpty();
		assertThat(instance.jdbc().queryForObject("select count(*) from webhook_delivery", Integer.class)).isZero();
	}

}
