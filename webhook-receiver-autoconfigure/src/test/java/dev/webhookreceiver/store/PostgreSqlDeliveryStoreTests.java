package dev.webhookreceiver.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.context.ApplicationContext;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessException;

/**
 * {@link JpaDeliveryStore} on a real PostgreSQL server, started once for the class, with the
 * schema initialized because {@code initialize-schema=always}.
 */
class PostgreSqlDeliveryStoreTests extends AbstractDeliveryStoreTests {

	private static final String DATABASE = "webhooks";

	private static EmbeddedPostgres postgres;

	@BeforeAll
	static void startPostgres() throws IOException, SQLException {
		// Tests that stop the database provoke connection errors, asserted where Spring logs them;
		// the server would log each one again.
		postgres = EmbeddedPostgres.builder().setServerConfig("log_min_messages", "fatal").start();
		administer("CREATE DATABASE " + DATABASE);
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		postgres.close();
	}

	@AfterEach
	void allowConnections() throws SQLException {
		administer("ALTER DATABASE " + DATABASE + " ALLOW_CONNECTIONS true");
	}

	@Override
	protected String[] databaseProperties() {
		return new String[] { "spring.datasource.url=" + postgres.getJdbcUrl("postgres", DATABASE),
				"spring.datasource.username=postgres", "webhook.receiver.store.initialize-schema=always" };
	}

	/**
	 * The driver throws lock_timeout's {@code lock_not_available} (55P03), which Spring's default translation leaves
	 * uncategorized and the store's repository translates as a lock failure.
	 */
	@Override
	protected Class<? extends DataAccessException> sessionLockWaitFailure() {
		return CannotAcquireLockException.class;
	}

	@Override
	protected String[] shortSessionLockWait() {
		return new String[] { "spring.datasource.hikari.connection-init-sql=SET lock_timeout = '500ms'" };
	}

	/**
	 * Locks the table as a migration does: even reads wait.
	 */
	@Override
	protected String lockTheTable() {
		return "LOCK TABLE webhook_delivery IN ACCESS EXCLUSIVE MODE";
	}

	/**
	 * Refuses new connections to the database and ends the open ones, as a server going down
	 * does, while keeping the server up for the next tests.
	 */
	@Override
	protected void stopDatabase(ApplicationContext context) throws SQLException {
		administer("ALTER DATABASE " + DATABASE + " ALLOW_CONNECTIONS false");
		administer("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + DATABASE + "'");
	}

	private static void administer(String sql) throws SQLException {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
