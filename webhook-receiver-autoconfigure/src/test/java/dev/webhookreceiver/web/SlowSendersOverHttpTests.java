package dev.webhookreceiver.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Senders that trickle their bodies, on a running server over real sockets: a normal delivery
 * is answered while they are connected, and each of them is answered 408 once the read timeout
 * has passed, its thread and its share of the memory budget freed.
 */
class SlowSendersOverHttpTests {

	private static final int SLOW_SENDERS = 4;

	private static final int DECLARED_LENGTH = 1000;

	private static ReceiverInstance instance;

	@BeforeAll
	static void start() {
		instance = ReceiverInstance.start("spring.datasource.url=jdbc:h2:mem:slowsenders;DB_CLOSE_DELAY=-1",
				"webhook.receiver.read-timeout=1s",
				"webhook.receiver.max-in-flight=" + ((SLOW_SENDERS + 1) * DECLARED_LENGTH) + "B");
	}

	@AfterAll
	static void stop() {
		instance.close();
	}

	@Test
	void answersANormalDeliveryWhileSlowSendersAreConnectedAndTheSlowOnes408() throws IOException {
		List<Socket> slowSenders = new ArrayList<>();
		try {
			for (int i = 0; i < SLOW_SENDERS; i++) {
				Socket socket = new Socket("localhost", instance.uri("/").getPort());
				OutputStream out = socket.getOutputStream();
				out.write(("POST /webhooks/github HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
						+ "Content-Length: " + DECLARED_LENGTH + "\r\nX-GitHub-Event: issues\r\n"
						+ "X-GitHub-Delivery: slow-" + i + "\r\nX-Hub-Signature-256: sha256=00\r\n\r\n{")
					.getBytes(StandardCharsets.US_ASCII));
				out.flush();
				slowSenders.add(socket);
			}
			// Until a slow sender sends its next byte, the receiver cannot answer it: the normal
			// delivery below is answered while all of them are connected.
			HttpResponse<String> normal = instance.send(TestDeliveries.github("issues", "normal-1",
					"{\"action\":\"opened\",\"issue\":{\"number\":1,\"title\":\"Normal\"}}"));
			assertThat(normal.statusCode()).as(normal.body()).isEqualTo(200);
			for (Socket socket : slowSenders) {
				assertThat(socket.isClosed()).isFalse();
				assertThat(socket.getInputStream().available()).isZero();
			}
			for (Socket socket : slowSenders) {
				assertThat(trickleUntilAnswered(socket)).startsWith("HTTP/1.1 408")
					.contains("urn:webhook-receiver:problem:read-timeout");
			}
			HttpResponse<String> after = instance.send(TestDeliveries.github("issues", "normal-2",
					"{\"action\":\"opened\",\"issue\":{\"number\":2,\"title\":\"After\"}}"));
			assertThat(after.statusCode()).as("the slow senders' shares were released: " + after.body())
				.isEqualTo(200);
		}
		finally {
			for (Socket socket : slowSenders) {
				socket.close();
			}
		}
	}

	/**
	 * Sends one more byte of the body whenever no answer came within a short wait (the pace of
	 * the trickle, not a measurement), until the receiver answers.
	 */
	private static String trickleUntilAnswered(Socket socket) throws IOException {
		socket.setSoTimeout(200);
		InputStream in = socket.getInputStream();
		OutputStream out = socket.getOutputStream();
		byte[] answer = new byte[4096];
		for (int sent = 1; sent < DECLARED_LENGTH; sent++) {
			try {
				int read = in.read(answer);
				if (read < 0) {
					return "";
				}
				// Answered: read on until the problem's type, which ends the interesting part.
				socket.setSoTimeout(5000);
				StringBuilder text = new StringBuilder(new String(answer, 0, read, StandardCharsets.UTF_8));
				while (!text.toString().contains("problem:") && (read = in.read(answer)) >= 0) {
					text.append(new String(answer, 0, read, StandardCharsets.UTF_8));
				}
				return text.toString();
			}
			catch (SocketTimeoutException ex) {
				out.write(' ');
				out.flush();
			}
		}
		return "the body was sent completely without an answer";
	}

}
