package dev.webhookreceiver.web;

import java.net.http.HttpResponse;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the database goes away, deliveries are answered 503 and no handler runs.
 */
class StoreUnavailableTests {

	@Test
	void answersServiceUnavailableAndCallsNoHandlerWhenTheDatabaseIsDown() throws Exception {
		EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
		try (ReceiverInstance instance = ReceiverInstance.start(
				"spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
				"spring.datasource.username=postgres", "webhook.receiver.store.initialize-schema=always",
				"spring.datasource.hikari.connection-timeout=250",
				"spring.datasource.hikari.validation-timeout=250")) {
			postgres.close();
			HttpResponse<String> response = instance.send(
					TestDeliveries.stripe(WebhookControllerTests.payment("evt_down"), TestDeliveries.NOW));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(response.body()).contains("urn:webhook-receiver:problem:store-unavailable");
			assertThat(instance.handlers().calls).isEmpty();
		}
	}

}
