package dev.webhookreceiver.store;

import dev.webhookreceiver.LogCapture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQL errors that Hibernate logs, at WARN, before it converts them to exceptions; for the
 * tests that provoke them on purpose.
 */
public final class SqlErrorLogs {

	/**
	 * The logger Hibernate logs SQL errors to.
	 */
	public static final String LOGGER = "org.hibernate.orm.jdbc.error";

	private SqlErrorLogs() {
	}

	/**
	 * Captures the SQL errors that Hibernate logs.
	 * @return the capture, to close when the test is done with it
	 */
	public static LogCapture capture() {
		return LogCapture.of(LOGGER);
	}

	/**
	 * Asserts that no SQL error was logged: copies of a delivery that race to insert it do
	 * not provoke one (the store inserts only if absent, or reads the winner's record after a
	 * duplicate key, without Hibernate).
	 * @param sqlErrors the capture
	 */
	public static void assertNone(LogCapture sqlErrors) {
		assertThat(sqlErrors.events()).isEmpty();
	}

}
