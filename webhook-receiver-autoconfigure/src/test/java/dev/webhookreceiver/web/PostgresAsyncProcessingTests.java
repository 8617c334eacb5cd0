package dev.webhookreceiver.web;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Async processing on a real PostgreSQL server, started for this test class, shared by two
 * instances whose workers claim with {@code FOR UPDATE SKIP LOCKED}.
 */
class PostgresAsyncProcessingTests extends AsyncProcessingTests {

	@RegisterExtension
	static final PostgresServer postgres = new PostgresServer();

	@Override
	String[] databaseProperties() {
		return postgres.datasourceProperties("webhook.receiver.store.initialize-schema=always",
				"spring.datasource.hikari.maximum-pool-size=20");
	}

}
