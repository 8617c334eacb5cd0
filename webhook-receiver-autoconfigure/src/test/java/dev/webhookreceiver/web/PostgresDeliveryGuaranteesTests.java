package dev.webhookreceiver.web;

import java.io.IOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The storage guarantees on a real PostgreSQL server, started for this test class, shared by two
 * instances.
 */
class PostgresDeliveryGuaranteesTests extends DeliveryGuaranteesTests {

	private static EmbeddedPostgres postgres;

	@BeforeAll
	static void startPostgres() throws IOException {
		// The copies that lose the race to insert a delivery get a unique constraint violation,
		// asserted where Hibernate logs it; the server would log each one again.
		postgres = EmbeddedPostgres.builder().setServerConfig("log_min_messages", "fatal").start();
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		postgres.close();
	}

	@Override
	String[] databaseProperties() {
		return new String[] { "spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
				"spring.datasource.username=postgres", "webhook.receiver.store.initialize-schema=always",
				"spring.datasource.hikari.maximum-pool-size=30" };
	}

}
