package dev.webhookreceiver.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.webhookreceiver.web.TestDeliveries.Delivery;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A receiver in a JVM of its own, killed as {@code kill -9} does while deliveries arrive: every
 * delivery it answered 200 is still recorded after the restart, with its handler's own row, and a
 * redelivery of it runs no handler again. Subclasses name the database, which outlives the
 * receiver's JVM.
 */
abstract class KillDuringLoadTests {

	private static final int SENDERS = 8;

	private static final int DELIVERIES_PER_SENDER = 1000;

	private static final int ACKNOWLEDGED_BEFORE_KILL = 200;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/**
	 * The properties that point a receiver at the database.
	 * @return the datasource properties, as {@code name=value}
	 */
	abstract String[] databaseProperties();

	/**
	 * Opens a connection of this JVM's own to the database the receivers use.
	 * @return the connection
	 * @throws SQLException if the database cannot be reached
	 */
	abstract Connection connect() throws SQLException;

	/**
	 * Checks what the killed receiver logged about its database; nothing by default.
	 * @param output everything the receiver printed before it was killed
	 */
	void assertLoggedBeforeKill(String output) {
	}

	@Test
	void losesNoAcknowledgedDeliveryAndProcessesNoneTwice() throws Exception {
		Set<String> acknowledged = ConcurrentHashMap.newKeySet();
		try (ReceiverProcess receiver = ReceiverProcess.start(properties())) {
			sendUntilKilled(receiver, acknowledged);
			assertLoggedBeforeKill(receiver.output());
		}
		assertRecordedOnceWithTheirHandlersRows(acknowledged);
		try (ReceiverProcess restarted = ReceiverProcess.start(properties())) {
			for (String paymentId : acknowledged) {
				HttpResponse<String> answer = send(restarted, paymentId);
				assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
				assertThat(answer.body()).as("a redelivery of %s", paymentId).contains("\"duplicate\"");
			}
			restarted.stop();
		}
		assertRecordedOnceWithTheirHandlersRows(acknowledged);
	}

	/**
	 * Sends distinct deliveries from several threads, and kills the receiver once some were
	 * answered, while the others are in flight.
	 */
	private void sendUntilKilled(ReceiverProcess receiver, Set<String> acknowledged) throws Exception {
		ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
		try {
			List<Future<?>> sent = new ArrayList<>();
			for (int i = 0; i < SENDERS; i++) {
				String sender = "evt_" + i + "_";
				sent.add(senders.submit(() -> {
					for (int n = 0; n < DELIVERIES_PER_SENDER; n++) {
						HttpResponse<String> answer = send(receiver, sender + n);
						if (answer == null) {
							return;
						}
						if (answer.statusCode() == 200 && answer.body().contains("\"processed\"")) {
							acknowledged.add(sender + n);
						}
					}
				}));
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL);
			receiver.kill();
			for (Future<?> future : sent) {
				future.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			senders.shutdownNow();
		}
	}

	/**
	 * Checks the database as the killed receiver left it, or as the restarted one did.
	 */
	private void assertRecordedOnceWithTheirHandlersRows(Set<String> acknowledged) throws SQLException {
		try (Connection connection = connect()) {
			JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
			Map<String, String> statuses = new HashMap<>();
			jdbc.query("SELECT delivery_id, status FROM webhook_delivery",
					(RowCallbackHandler) (row) -> statuses.put(row.getString(1), row.getString(2)));
			Map<String, Integer> payments = new HashMap<>();
			jdbc.query("SELECT payment_id, COUNT(*) FROM handled_payment GROUP BY payment_id",
					(RowCallbackHandler) (row) -> payments.put(row.getString(1), row.getInt(2)));
			List<String> lost = acknowledged.stream()
				.filter((id) -> !"PROCESSED".equals(statuses.get(id)) || payments.get(id) == null)
				.sorted()
				.toList();
			assertThat(lost).as("acknowledged deliveries lost: %d of %d", lost.size(), acknowledged.size())
				.isEmpty();
			assertThat(payments).as("deliveries processed more than once").allSatisfy((id, count) ->
					assertThat(count).isOne());
		}
	}

	private HttpResponse<String> send(ReceiverProcess receiver, String paymentId) {
		Delivery delivery = TestDeliveries.stripe(WebhookControllerTests.payment(paymentId), TestDeliveries.NOW);
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + receiver.port() + delivery.path()))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(delivery.body()));
		delivery.headers().forEach(request::header);
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			// The receiver was killed: this delivery was never answered.
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private String[] properties() {
		return Stream.concat(Arrays.stream(databaseProperties()),
				Stream.of("webhook.receiver.store.initialize-schema=always", "logging.level.root=WARN"))
			.toArray(String[]::new);
	}

}
