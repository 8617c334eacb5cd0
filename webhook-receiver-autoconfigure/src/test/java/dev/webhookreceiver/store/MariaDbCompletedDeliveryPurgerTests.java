package dev.webhookreceiver.store;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.webhookreceiver.MariaDbServer;

/**
 * {@link CompletedDeliveryPurger} on a real MariaDB server, with the schema initialized from
 * the MySQL script because {@code initialize-schema=always}.
 */
class MariaDbCompletedDeliveryPurgerTests extends AbstractCompletedDeliveryPurgerTests {

	@RegisterExtension
	static final MariaDbServer mariaDb = new MariaDbServer("purger_tests");

	@Override
	protected String[] databaseProperties() {
		return mariaDb.datasourceProperties("webhook.receiver.store.initialize-schema=always");
	}

}
