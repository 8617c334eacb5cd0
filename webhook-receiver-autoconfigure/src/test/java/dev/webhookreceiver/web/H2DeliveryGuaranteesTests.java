package dev.webhookreceiver.web;

/**
 * The storage guarantees on an in-memory H2 database shared by two instances in this JVM.
 */
class H2DeliveryGuaranteesTests extends DeliveryGuaranteesTests {

	@Override
	String[] databaseProperties() {
		return new String[] { "spring.datasource.url=jdbc:h2:mem:guarantees;DB_CLOSE_DELAY=-1",
				"spring.datasource.hikari.maximum-pool-size=50" };
	}

}
