package dev.webhookreceiver.web;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.webhookreceiver.MariaDbServer;

/**
 * Async processing on a real MariaDB server, shared by two instances whose workers claim with
 * {@code FOR UPDATE SKIP LOCKED}.
 */
class MariaDbAsyncProcessingTests extends AsyncProcessingTests {

	@RegisterExtension
	static final MariaDbServer mariaDb = new MariaDbServer("async_tests");

	@Override
	String[] databaseProperties() {
		return mariaDb.datasourceProperties("webhook.receiver.store.initialize-schema=always",
				"spring.datasource.hikari.maximum-pool-size=20");
	}

}
