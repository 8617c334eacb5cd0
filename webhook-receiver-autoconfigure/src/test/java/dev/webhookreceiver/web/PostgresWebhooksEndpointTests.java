package dev.webhookreceiver.web;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Actuator endpoint, health and gauge on a real PostgreSQL server, started for this test
 * class.
 */
class PostgresWebhooksEndpointTests extends WebhooksEndpointTests {

	@RegisterExtension
	static final PostgresServer postgres = new PostgresServer();

	@Override
	String[] databaseProperties() {
		return postgres.datasourceProperties("webhook.receiver.store.initialize-schema=always");
	}

}
