package dev.webhookreceiver.web;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kill during load on an H2 file database, whose commits the receiver makes durable itself.
 */
class H2KillDuringLoadTests extends KillDuringLoadTests {

	@TempDir
	private Path directory;

	@Override
	String[] databaseProperties() {
		return new String[] { "spring.datasource.url=" + url(), "spring.datasource.username=sa",
				"logging.level.dev.webhookreceiver.store.H2DurableCommits=INFO" };
	}

	@Override
	Connection connect() throws SQLException {
		return DriverManager.getConnection(url(), "sa", "");
	}

	@Override
	void assertLoggedBeforeKill(String output) {
		assertThat(output).contains("Set WRITE_DELAY 0 (was 500 ms) on the H2 database");
	}

	/**
	 * A URL without {@code WRITE_DELAY}, so that what makes the commits durable is the receiver;
	 * in mixed mode, so that the test reads the database while a receiver has it open.
	 */
	private String url() {
		return "jdbc:h2:file:" + this.directory.resolve("webhooks") + ";AUTO_SERVER=TRUE";
	}

}
