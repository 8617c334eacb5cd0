package dev.webhookreceiver.web;

/**
 * The Actuator endpoint, health and gauge on an in-memory H2 database.
 */
class H2WebhooksEndpointTests extends WebhooksEndpointTests {

	@Override
	String[] databaseProperties() {
		return new String[] { "spring.datasource.url=jdbc:h2:mem:webhooks-endpoint;DB_CLOSE_DELAY=-1" };
	}

}
