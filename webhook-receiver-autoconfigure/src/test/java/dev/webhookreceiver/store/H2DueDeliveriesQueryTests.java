package dev.webhookreceiver.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webhookreceiver.store.WebhookDeliveryRepository.RecordedDelivery;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the workers find due deliveries in a backlog, on H2, whose plans do not depend on
 * statistics: the query reads the first few entries of the status index, not the whole
 * backlog, so that draining a backlog of n deliveries does not cost n².
 */
class H2DueDeliveriesQueryTests {

	private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");

	private static final Instant NOW = Instant.parse("2026-11-30T20:00:00Z");

	private static final int BACKLOG = 1_000;

	private final SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.h2.Driver(),
			"jdbc:h2:mem:due-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");

	private final JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);

	@BeforeEach
	void storeABacklog() {
		new ResourceDatabasePopulator(new ClassPathResource("dev/webhookreceiver/store/schema-h2.sql"))
			.execute(this.dataSource);
		// A backlog of stored deliveries, due one second apart, among completed ones and those of
		// another endpoint; and one failed delivery due for its next attempt.
		this.jdbc.update("""
				INSERT INTO webhook_delivery (endpoint, delivery_id, event_type, status, attempts, received_at,
				  updated_at, next_attempt_at)
				SELECT CASE WHEN MOD(X, 10) = 0 THEN 'other' ELSE 'github' END, 'd-' || X, 'issues',
				  CASE WHEN MOD(X, 3) = 0 THEN 'PROCESSED' ELSE 'RECEIVED' END, 0,
				  DATEADD(SECOND, X - %1$d, CAST(? AS TIMESTAMP(6) WITH TIME ZONE)), CAST(? AS TIMESTAMP(6) WITH TIME ZONE),
				  CASE WHEN MOD(X, 3) = 0 THEN NULL
				       ELSE DATEADD(SECOND, X - %1$d, CAST(? AS TIMESTAMP(6) WITH TIME ZONE)) END
				FROM SYSTEM_RANGE(1, %1$d)""".formatted(BACKLOG), timestamp(NOW), timestamp(NOW), timestamp(NOW));
		this.jdbc.update("""
				INSERT INTO webhook_delivery (endpoint, delivery_id, event_type, status, attempts, received_at,
				  updated_at, next_attempt_at)
				VALUES ('github', 'failed', 'issues', 'FAILED', 1, ?, ?, ?)""", timestamp(NOW.minusSeconds(60)),
				timestamp(NOW.minusSeconds(60)), timestamp(NOW.minusSeconds(1)));
	}

	@Test
	void findingDueDeliveriesReadsTheFirstEntriesOfTheStatusIndexNotTheWholeBacklog() {
		String plan = this.jdbc.queryForObject("EXPLAIN ANALYZE " + WebhookDeliveryRepository.dueQuery(1, false),
				String.class, timestamp(NOW), "github");
		assertThat(plan).contains("WEBHOOK_DELIVERY_BY_STATUS_IDX").contains("/* index sorted */");
		Matcher scanCount = SCAN_COUNT.matcher(plan);
		assertThat(scanCount.find()).as(plan).isTrue();
		// The candidates it returns, and the entries of the other endpoint it passes over.
		assertThat(Integer.parseInt(scanCount.group(1))).isLessThan(20);
	}

	@Test
	void dueDeliveriesAreFoundByStatusMostOverdueFirst() {
		List<RecordedDelivery> due = new WebhookDeliveryRepository(this.dataSource, 1).findDue(List.of("github"), NOW);
		List<String> deliveryIds = due.stream()
			.map((delivery) -> this.jdbc.queryForObject("SELECT delivery_id FROM webhook_delivery WHERE id = ?",
					String.class, delivery.id()))
			.toList();
		assertThat(deliveryIds).containsExactly("failed", "d-1", "d-2", "d-4", "d-5", "d-7", "d-8", "d-11");
	}

	private static Object timestamp(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
