package dev.webhookreceiver.web;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.webhookreceiver.web.MultiTenantTests.TenantHandlers;
import dev.webhookreceiver.web.TestDeliveries.Delivery;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-tenant secrets over real HTTP: the tenant in the request path picks the secret, an
 * unknown tenant is answered 401, and the same delivery id from two tenants is two deliveries.
 */
class MultiTenantOverHttpTests {

	private static ReceiverInstance instance;

	@BeforeAll
	static void start() {
		instance = ReceiverInstance.start(new Class<?>[] { MultiTenantTests.Tenants.class },
				"spring.datasource.url=jdbc:h2:mem:tenants-http;DB_CLOSE_DELAY=-1",
				"webhook.receiver.endpoints.tenant-stripe.provider=stripe",
				"webhook.receiver.endpoints.tenant-stripe.path=/webhooks/{tenant}/stripe",
				"webhook.receiver.endpoints.tenant-orders.provider=standard-webhooks",
				"webhook.receiver.endpoints.tenant-orders.path=/tenants/{tenant}/{region}/orders");
	}

	@AfterAll
	static void stop() {
		instance.close();
	}

	@Test
	void verifiesWithTheTenantsSecretAndDeduplicatesPerTenant() {
		assertThat(send(MultiTenantTests.stripe("acme", MultiTenantTests.ACME_SECRET, "evt_http")).body())
			.isEqualTo("{\"status\":\"processed\",\"deliveryId\":\"evt_http\"}");
		assertThat(send(MultiTenantTests.stripe("globex", MultiTenantTests.GLOBEX_SECRET, "evt_http")).body())
			.isEqualTo("{\"status\":\"processed\",\"deliveryId\":\"evt_http\"}");
		assertThat(send(MultiTenantTests.stripe("acme", MultiTenantTests.ACME_SECRET, "evt_http")).body())
			.isEqualTo("{\"status\":\"duplicate\",\"deliveryId\":\"evt_http\"}");
		assertThat(instance.bean(TenantHandlers.class).events)
			.extracting((event) -> event.pathVariables().get("tenant"))
			.containsExactly("acme", "globex");
	}

	@Test
	void answersAnUnknownTenant401() {
		HttpResponse<String> response = send(MultiTenantTests.stripe("initech", MultiTenantTests.ACME_SECRET, "evt_x"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
		assertThat(response.body()).contains("urn:webhook-receiver:problem:invalid-signature");
	}

	private static HttpResponse<String> send(Delivery delivery) {
		return instance.send(delivery);
	}

}
