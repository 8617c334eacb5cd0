package dev.webhookreceiver.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
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
 * redelivery of it runs no handler again; on an async endpoint, every delivery it answered 202
 * is processed exactly once after the restart. Subclasses name the database, which outlives the
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
			sendUntilKilled(receiver, acknowledged, "evt_", "\"processed\"");
			assertLoggedBeforeKill(receiver.output());
		}
		assertRecordedOnceWithTheirHandlersRows(acknowledged);
		try (ReceiverProcess restarted = ReceiverProcess.start(properties())) {
			for (String paymentId : acknowledged) {
				HttpResponse<String> answer = send(restarted, paymentId, TestDeliveries.NOW);
				assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
				assertThat(answer.body()).as("a redelivery of %s", paymentId).contains("\"duplicate\"");
			}
			restarted.stop();
		}
		assertRecordedOnceWithTheirHandlersRows(acknowledged);
	}

	@Test
	void processesEveryAcceptedAsyncDeliveryExactlyOnceAfterTheRestart() throws Exception {
		Set<String> accepted = ConcurrentHashMap.newKeySet();
		try (ReceiverProcess receiver = ReceiverProcess.start(asyncProperties(TestDeliveries.NOW))) {
			sendUntilKilled(receiver, accepted, "evt_async_", "\"accepted\"");
		}
		try (Connection connection = connect()) {
			JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
			Set<String> stored = new HashSet<>(jdbc.queryForList(
					"SELECT delivery_id FROM webhook_delivery WHERE delivery_id LIKE 'evt_async_%'", String.class));
			assertThat(stored).as("accepted deliveries stored").containsAll(accepted);
		}
		// Later than the leases of the deliveries the killed workers held.
		Instant restartedAt = TestDeliveries.NOW.plus(Duration.ofMinutes(10));
		try (ReceiverProcess restarted = ReceiverProcess.start(asyncProperties(restartedAt))) {
			await().atMost(Duration.ofSeconds(60)).until(() -> unprocessed(accepted).isEmpty());
			for (String paymentId : accepted) {
				HttpResponse<String> answer = send(restarted, paymentId, restartedAt);
				assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
				assertThat(answer.body()).as("a redelivery of %s", paymentId).contains("\"duplicate\"");
			}
			restarted.stop();
		}
		assertRecordedOnceWithTheirHandlersRows(accepted);
	}

	/**
	 * Sends distinct deliveries from several threads, and kills the receiver once some were
	 * answered, while the others are in flight.
	 */
	private void sendUntilKilled(ReceiverProcess receiver, Set<String> acknowledged, String prefix,
			String acknowledgement) throws Exception {
		ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
		try {
			List<Future<?>> sent = new ArrayList<>();
			for (int i = 0; i < SENDERS; i++) {
				String sender = prefix + i + "_";
				sent.add(senders.submit(() -> {
					for (int n = 0; n < DELIVERIES_PER_SENDER; n++) {
						HttpResponse<String> answer = send(receiver, sender + n, TestDeliveries.NOW);
						if (answer == null) {
							return;
						}
						if (answer.statusCode() / 100 == 2 && answer.body().contains(acknowledgement)) {
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

	/**
	 * The deliveries that are not yet processed with their handler's row, as the database says.
	 */
	private List<String> unprocessed(Set<String> deliveries) throws SQLException {
		try (Connection connection = connect()) {
			JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
			Set<String> processed = new HashSet<>(jdbc.queryForList(
					"SELECT d.delivery_id FROM webhook_delivery d JOIN handled_payment p ON p.payment_id = d.delivery_id "
							+ "WHERE d.status = 'PROCESSED' AND d.delivery_id LIKE 'evt_async_%'",
					String.class));
			return deliveries.stream().filter((id) -> !processed.contains(id)).toList();
		}
	}

	private HttpResponse<String> send(ReceiverProcess receiver, String paymentId, Instant signedAt) {
		Delivery delivery = TestDeliveries.stripe(WebhookControllerTests.payment(paymentId), signedAt);
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

	private String[] asyncProperties(Instant now) {
		return Stream.concat(Arrays.stream(properties()),
				Stream.of("webhook.receiver.endpoints.stripe.processing.mode=async",
						"webhook.receiver.processing.poll-interval=100ms", ReceiverTestApplication.NOW + "=" + now))
			.toArray(String[]::new);
	}

	private String[] properties() {
		return Stream.concat(Arrays.stream(databaseProperties()),
				Stream.of("webhook.receiver.store.initialize-schema=always", "logging.level.root=WARN"))
			.toArray(String[]::new);
	}

}
