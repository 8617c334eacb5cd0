package dev.webhookreceiver.web;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server in this JVM, started before a test class's first test and stopped
 * after its last one: register it on a static field with
 * {@link org.junit.jupiter.api.extension.RegisterExtension @RegisterExtension}.
 */
final class PostgresServer implements BeforeAllCallback, AfterAllCallback {

	private EmbeddedPostgres postgres;

	@Override
	public void beforeAll(ExtensionContext context) throws IOException {
		// The receivers log what went wrong on their side (a copy that lost the race to insert a
		// delivery, a connection of a killed receiver); the server would log each one again.
		this.postgres = EmbeddedPostgres.builder().setServerConfig("log_min_messages", "fatal").start();
	}

	@Override
	public void afterAll(ExtensionContext context) throws IOException {
		this.postgres.close();
	}

	/**
	 * The properties that point a receiver at this server.
	 * @param more further properties, as {@code name=value}
	 * @return the datasource properties followed by the others
	 */
	String[] datasourceProperties(String... more) {
		List<String> properties = new ArrayList<>(List.of(
				"spring.datasource.url=" + this.postgres.getJdbcUrl("postgres", "postgres"),
				"spring.datasource.username=postgres"));
		properties.addAll(List.of(more));
		return properties.toArray(String[]::new);
	}

	/**
	 * Opens a connection of this JVM's own to the database the receivers use.
	 * @return the connection
	 * @throws SQLException if the server cannot be reached
	 */
	Connection connect() throws SQLException {
		return this.postgres.getPostgresDatabase().getConnection();
	}

}
