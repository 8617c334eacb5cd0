package dev.webhookreceiver.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webhookreceiver.LogCapture;
import dev.webhookreceiver.WebhookConfigurationException;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link H2DurableCommits}. Each test keeps a connection open, as a pool does, so that
 * H2 keeps the database open between the statements.
 */
class H2DurableCommitsTests {

	@TempDir
	private Path directory;

	private Connection keeper;

	@AfterEach
	void closeDatabase() throws SQLException {
		if (this.keeper != null) {
			this.keeper.close();
		}
	}

	@Test
	void setsTheWriteDelayOfAFileDatabaseToZeroAndSaysHowToOptOut() throws SQLException {
		String url = fileUrl("");
		assertThat(writeDelays()).containsOnly(500);
		try (LogCapture logs = LogCapture.of(H2DurableCommits.class)) {
			new H2DurableCommits(new DriverManagerDataSource(url, "sa", "")).afterPropertiesSet();
			assertThat(logs.messages(Level.INFO)).singleElement()
				.asString()
				.startsWith("Set WRITE_DELAY 0 (was 500 ms) on the H2 database")
				.contains("webhook.receiver.store.durable-commits=false");
		}
		assertThat(writeDelays()).containsOnly(0);
	}

	@Test
	void leavesAFileDatabaseThatIsDurableByItsUrlAsItIs() throws SQLException {
		String url = fileUrl(";WRITE_DELAY=0");
		try (LogCapture logs = LogCapture.of(H2DurableCommits.class)) {
			new H2DurableCommits(new DriverManagerDataSource(url, "sa", "")).afterPropertiesSet();
			assertThat(logs.messages(Level.INFO)).isEmpty();
		}
		assertThat(writeDelays()).containsOnly(0);
	}

	@Test
	void leavesAnInMemoryDatabaseAsItIs() throws SQLException {
		String url = "jdbc:h2:mem:durable-" + UUID.randomUUID();
		this.keeper = DriverManager.getConnection(url, "sa", "");
		try (LogCapture logs = LogCapture.of(H2DurableCommits.class)) {
			new H2DurableCommits(new DriverManagerDataSource(url, "sa", "")).afterPropertiesSet();
			assertThat(logs.messages(Level.INFO)).isEmpty();
		}
	}

	@Test
	void failsWhenTheUserMayNotChangeTheWriteDelay() throws SQLException {
		String url = fileUrl("");
		JdbcTemplate admin = new JdbcTemplate(new SingleConnectionDataSource(this.keeper, true));
		admin.execute("CREATE USER app PASSWORD 'app'");
		H2DurableCommits durableCommits = new H2DurableCommits(new DriverManagerDataSource(url, "app", "app"));
		assertThatExceptionOfType(WebhookConfigurationException.class).isThrownBy(durableCommits::afterPropertiesSet)
			.satisfies((ex) -> {
				assertThat(ex.getDescription()).startsWith("Could not make the commits of the H2 database")
					.contains("Admin rights are required");
				assertThat(ex.getAction()).contains(";WRITE_DELAY=0")
					.contains("webhook.receiver.store.durable-commits=false");
			});
		assertThat(writeDelays()).containsOnly(500);
	}

	private String fileUrl(String settings) throws SQLException {
		String url = "jdbc:h2:file:" + this.directory.resolve("webhooks") + settings;
		this.keeper = DriverManager.getConnection(url, "sa", "");
		return url;
	}

	private List<Integer> writeDelays() {
		return new JdbcTemplate(new SingleConnectionDataSource(this.keeper, true)).queryForList(
				"SELECT CAST(SETTING_VALUE AS INT) FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'",
				Integer.class);
	}

}
