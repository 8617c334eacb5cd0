package dev.webhookreceiver.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.webhookreceiver.WebhookConfigurationException;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.util.Assert;

/**
 * Makes the commits of an H2 file database durable at startup, so that a delivery answered
 * {@code 200} is still recorded, with its handlers' writes, after the process is killed.
 * <p>
 * H2 writes a commit to its file up to {@code WRITE_DELAY} milliseconds later (500 by default),
 * from a background thread; a crash in between loses commits that were already acknowledged.
 * With {@code WRITE_DELAY} 0, H2 writes each commit to the file before the commit returns. The
 * setting applies to the open database, not to one connection, and H2 takes it from the URL
 * again each time it opens the database, so it is set at every start, once. (Should the
 * database be closed and opened again while the application runs, because its last connection
 * closed, the URL's value applies again: {@code ;WRITE_DELAY=0} in the URL covers that case.)
 * <p>
 * Nothing is done for other databases, an in-memory H2 database, or an H2 database that already
 * has a {@code WRITE_DELAY} of 0 (for example {@code ;WRITE_DELAY=0} in its URL). Other
 * databases are durable by their defaults.
 */
public class H2DurableCommits implements InitializingBean {

	private static final Log logger = LogFactory.getLog(H2DurableCommits.class);

	private static final String DATABASE_PATH = "CALL DATABASE_PATH()";

	/**
	 * The configured value (stored in the database) and the one in effect (set from the URL
	 * when the database opened): both must be 0.
	 */
	private static final String WRITE_DELAY = """
			SELECT MAX(CAST(SETTING_VALUE AS INT))
			FROM INFORMATION_SCHEMA.SETTINGS
			WHERE SETTING_NAME = 'WRITE_DELAY'
			""";

	private static final String OPT_OUT_PROPERTY = "webhook.receiver.store.durable-commits";

	private final DataSource dataSource;

	/**
	 * Create a new instance.
	 * @param dataSource the data source of the delivery store
	 */
	public H2DurableCommits(DataSource dataSource) {
		Assert.notNull(dataSource, "'dataSource' must not be null");
		this.dataSource = dataSource;
	}

	@Override
	public void afterPropertiesSet() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			DatabaseMetaData metaData = connection.getMetaData();
			if (!"H2".equals(metaData.getDatabaseProductName())) {
				return;
			}
			try (Statement statement = connection.createStatement()) {
				String path = queryString(statement, DATABASE_PATH);
				if (path == null) {
					return;
				}
				makeDurable(statement, path);
			}
		}
	}

	private void makeDurable(Statement statement, String path) {
		int writeDelay;
		try {
			String value = queryString(statement, WRITE_DELAY);
			writeDelay = (value != null) ? Integer.parseInt(value) : 0;
			if (writeDelay == 0) {
				logger.debug("The H2 database " + path + " writes each commit to its file before it returns");
				return;
			}
			statement.execute("SET WRITE_DELAY 0");
		}
		catch (SQLException ex) {
			throw new WebhookConfigurationException("Could not make the commits of the H2 database " + path
					+ " durable: " + ex.getMessage() + ". H2 writes a commit to its file up to its WRITE_DELAY "
					+ "later, so deliveries answered 200 would be lost if the application crashed.",
					"Add ;WRITE_DELAY=0 to spring.datasource.url, or connect as a user with admin rights. To accept "
							+ "losing acknowledged deliveries in a crash, set " + OPT_OUT_PROPERTY + "=false.",
					ex);
		}
		logger.info("Set WRITE_DELAY 0 (was " + writeDelay + " ms) on the H2 database " + path
				+ ", so that a delivery is written to its file before it is answered. To keep H2's delayed writes, "
				+ "set " + OPT_OUT_PROPERTY + "=false.");
	}

	private static @Nullable String queryString(Statement statement, String sql) throws SQLException {
		try (ResultSet result = statement.executeQuery(sql)) {
			return result.next() ? result.getString(1) : null;
		}
	}

}
