package dev.webhookreceiver.web;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.webhookreceiver.MariaDbServer;

/**
 * The storage guarantees on a real MariaDB server, shared by two instances.
 */
class MariaDbDeliveryGuaranteesTests extends DeliveryGuaranteesTests {

	@RegisterExtension
	static final MariaDbServer mariaDb = new MariaDbServer("guarantees_tests");

	@Override
	String[] databaseProperties() {
		return mariaDb.datasourceProperties("webhook.receiver.store.initialize-schema=always",
				"spring.datasource.hikari.maximum-pool-size=30");
	}

}
