package dev.webhookreceiver.store;

import java.util.Locale;

import ch.qos.logback.classic.Level;

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
	 * Asserts that Hibernate logged no SQL error but the unique constraint violations of copies
	 * of a delivery that lost the race to insert it; the store then reads the winner's record.
	 * @param sqlErrors the capture
	 */
	public static void assertOnlyLostInsertRaces(LogCapture sqlErrors) {
		assertThat(sqlErrors.events()).allSatisfy((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getFormattedMessage().toLowerCase(Locale.ROOT)).containsAnyOf("sqlstate: 23505",
					"webhook_delivery_endpoint_delivery_id_key");
		});
	}

}
