package dev.webhookreceiver.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.context.ApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;

/**
 * {@link JpaDeliveryStore} on an embedded H2 database, initialized by default.
 */
class H2DeliveryStoreTests extends AbstractDeliveryStoreTests {

	private final String url = "jdbc:h2:mem:webhooks-" + UUID.randomUUID();

	/**
	 * Keeps the in-memory database alive for the test, so that the contexts can open it with
	 * IFEXISTS and cannot recreate it once it was shut down.
	 */
	private Connection keeper;

	@BeforeEach
	void createDatabase() throws SQLException {
		this.keeper = DriverManager.getConnection(this.url, "sa", "");
	}

	@AfterEach
	void dropDatabase() throws SQLException {
		this.keeper.close();
	}

	@Override
	protected String[] databaseProperties() {
		return new String[] { "spring.datasource.url=" + this.url + ";IFEXISTS=TRUE" };
	}

	@Override
	protected String[] shortSessionLockWait() {
		return new String[] { "spring.datasource.hikari.connection-init-sql=SET LOCK_TIMEOUT 500" };
	}

	/**
	 * H2's driver throws an {@code SQLTimeoutException} when a lock wait times out.
	 */
	@Override
	protected Class<? extends DataAccessException> sessionLockWaitFailure() {
		return QueryTimeoutException.class;
	}

	@Override
	protected void stopDatabase(ApplicationContext context) throws SQLException {
		try (Statement statement = this.keeper.createStatement()) {
			statement.execute("SHUTDOWN");
		}
	}

}
