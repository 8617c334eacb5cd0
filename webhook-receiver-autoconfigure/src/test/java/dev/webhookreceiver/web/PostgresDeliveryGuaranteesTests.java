package dev.webhookreceiver.web;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The storage guarantees on a real PostgreSQL server, started for this test class, shared by two
 * instances.
 */
class PostgresDeliveryGuaranteesTests extends DeliveryGuaranteesTests {

	@RegisterExtension
	static final PostgresServer postgres = new PostgresServer();

	@Override
	String[] databaseProperties() {
		return postgres.datasourceProperties("webhook.receiver.store.initialize-schema=always",
				"spring.datasource.hikari.maximum-pool-size=30");
	}

}
