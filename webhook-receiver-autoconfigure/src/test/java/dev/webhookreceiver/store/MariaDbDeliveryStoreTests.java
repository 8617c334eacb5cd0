package dev.webhookreceiver.store;

import java.sql.SQLException;
import java.util.List;
import java.util.TimeZone;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.webhookreceiver.MariaDbServer;

import org.springframework.context.ApplicationContext;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessException;

/**
 * {@link JpaDeliveryStore} on a real MariaDB server, with the schema initialized from the
 * MySQL script because {@code initialize-schema=always}. The JVM runs in a time zone other than
 * UTC meanwhile: MariaDB's driver shifts some times to it on their way into {@code DATETIME}
 * columns, which keep no offset, yet what the store writes must still be what Hibernate reads.
 */
class MariaDbDeliveryStoreTests extends AbstractDeliveryStoreTests {

	@RegisterExtension
	static final MariaDbServer mariaDb = new MariaDbServer("store_tests");

	private static TimeZone jvmTimeZone;

	@BeforeAll
	static void runOutsideUtc() {
		jvmTimeZone = TimeZone.getDefault();
		TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
	}

	@AfterAll
	static void restoreTimeZone() {
		TimeZone.setDefault(jvmTimeZone);
	}

	@AfterEach
	void allowConnections() throws SQLException {
		mariaDb.allowConnections();
	}

	@Override
	protected String[] databaseProperties() {
		return mariaDb.datasourceProperties("webhook.receiver.store.initialize-schema=always");
	}

	/**
	 * The driver throws the lock wait timeout (error 1205, SQL state {@code HY000}), which Spring's default translation leaves
	 * uncategorized and the store's repository translates as a lock failure.
	 */
	@Override
	protected Class<? extends DataAccessException> sessionLockWaitFailure() {
		return CannotAcquireLockException.class;
	}

	@Override
	protected String[] shortSessionLockWait() {
		return new String[] { "spring.datasource.hikari.connection-init-sql="
				+ "SET SESSION innodb_lock_wait_timeout = 1, lock_wait_timeout = 1" };
	}

	/**
	 * Locks the table as a migration does: even reads wait.
	 */
	@Override
	protected String lockTheTable() {
		return "LOCK TABLES webhook_delivery WRITE";
	}

	@Override
	protected List<String> unlockTheTable() {
		return List.of("UNLOCK TABLES");
	}

	@Override
	protected void stopDatabase(ApplicationContext context) throws SQLException {
		mariaDb.refuseConnections();
	}

}
