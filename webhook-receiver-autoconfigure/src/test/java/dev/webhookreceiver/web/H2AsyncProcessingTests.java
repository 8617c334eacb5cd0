package dev.webhookreceiver.web;

/**
 * Async processing on an in-memory H2 database shared by two instances in this JVM, whose
 * workers claim with a conditional update.
 */
class H2AsyncProcessingTests extends AsyncProcessingTests {

	@Override
	String[] databaseProperties() {
		return new String[] { "spring.datasource.url=jdbc:h2:mem:async;DB_CLOSE_DELAY=-1",
				"spring.datasource.hikari.maximum-pool-size=30" };
	}

}
