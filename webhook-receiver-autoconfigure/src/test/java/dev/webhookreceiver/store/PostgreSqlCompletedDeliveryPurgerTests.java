package dev.webhookreceiver.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link CompletedDeliveryPurger} on a real PostgreSQL server, started once for the class,
 * with the schema initialized because {@code initialize-schema=always}.
 */
class PostgreSqlCompletedDeliveryPurgerTests extends AbstractCompletedDeliveryPurgerTests {

	private static final String DATABASE = "webhooks";

	private static EmbeddedPostgres postgres;

	@BeforeAll
	static void startPostgres() throws IOException, SQLException {
		postgres = EmbeddedPostgres.builder().start();
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + DATABASE);
		}
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		postgres.close();
	}

	@Override
	protected String[] databaseProperties() {
		return new String[] { "spring.datasource.url=" + postgres.getJdbcUrl("postgres", DATABASE),
				"spring.datasource.username=postgres", "webhook.receiver.store.initialize-schema=always" };
	}

}
