package dev.webhookreceiver.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link CompletedDeliveryPurger} on an embedded H2 database, initialized by default.
 */
class H2CompletedDeliveryPurgerTests extends AbstractCompletedDeliveryPurgerTests {

	private final String url = "jdbc:h2:mem:webhooks-" + UUID.randomUUID();

	/**
	 * Keeps the in-memory database alive for the test, so that two contexts share it.
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

}
