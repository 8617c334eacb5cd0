package dev.webhookreceiver.web;

import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The kill during load on a real PostgreSQL server, started in this JVM so that it outlives the
 * killed receiver's JVM and serves the restarted one. PostgreSQL makes its commits durable
 * itself: the receiver logs nothing about it.
 */
class PostgresKillDuringLoadTests extends KillDuringLoadTests {

	@RegisterExtension
	static final PostgresServer postgres = new PostgresServer();

	@Override
	String[] databaseProperties() {
		return postgres.datasourceProperties();
	}

	@Override
	Connection connect() throws SQLException {
		return postgres.connect();
	}

}
