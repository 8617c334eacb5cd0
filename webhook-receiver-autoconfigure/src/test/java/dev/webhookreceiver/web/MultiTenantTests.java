package dev.webhookreceiver.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webhookreceiver.WebhookEvent;
import dev.webhookreceiver.LogCapture;
import dev.webhookreceiver.WebhookHandler;
import dev.webhookreceiver.WebhookSecretResolver;
import dev.webhookreceiver.process.WebhookDeliveries;
import dev.webhookreceiver.process.WebhookDeliveries.Replay;
import dev.webhookreceiver.process.WebhookDeliveries.ReplayOutcome;
import dev.webhookreceiver.store.DeliveryStatus;
import dev.webhookreceiver.web.TestDeliveries.Delivery;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Per-tenant secrets through MockMvc: endpoint paths with template variables, whose secrets a
 * {@link WebhookSecretResolver} supplies per request from the path variables, deduplicated per
 * endpoint and tenant, with the path variables handed to the handlers, sync and async.
 */
@SpringBootTest(classes = ReceiverTestApplication.class,
		properties = { ReceiverTestApplication.PROPERTIES,
				"webhook.receiver.endpoints.tenant-stripe.provider=stripe",
				"webhook.receiver.endpoints.tenant-stripe.path=/webhooks/{tenant}/stripe",
				"webhook.receiver.endpoints.tenant-orders.provider=standard-webhooks",
				"webhook.receiver.endpoints.tenant-orders.path=/tenants/{tenant}/{region}/orders",
				"webhook.receiver.endpoints.tenant-orders.processing.mode=async" })
@AutoConfigureMockMvc
@Import(MultiTenantTests.Tenants.class)
class MultiTenantTests {

	static final String ACME_SECRET = "whsec_test_only_acme";

	static final String GLOBEX_SECRET = "whsec_test_only_globex";

	static final String ACME_ORDERS_SECRET = "whsec_" + Base64.getEncoder()
		.encodeToString("test-only-acme-orders-key".getBytes(StandardCharsets.UTF_8));

	@Autowired
	private MockMvc mvc;

	@Autowired
	private TenantSecrets secrets;

	@Autowired
	private TenantHandlers handlers;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private WebhookDeliveries deliveries;

	@BeforeEach
	void reset() {
		this.secrets.calls.set(0);
		this.secrets.failure = null;
		this.handlers.events.clear();
		this.jdbc.update("delete from webhook_delivery");
		this.jdbc.update("delete from handled_payment");
	}

	@Test
	void verifiesEachTenantsDeliveriesWithItsOwnSecretAndHandsThePathVariablesToHandlers() throws Exception {
		this.mvc.perform(stripe("acme", ACME_SECRET, "evt_1").request())
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("processed"))
			.andExpect(jsonPath("$.deliveryId").value("evt_1"));
		assertThat(this.secrets.calls).hasValue(1);
		assertThat(this.handlers.events).singleElement().satisfies((event) -> {
			assertThat(event.endpoint()).isEqualTo("tenant-stripe");
			assertThat(event.pathVariables()).containsExactly(Map.entry("tenant", "acme"));
			assertThat(event.deliveryId()).isEqualTo("evt_1");
			assertThat(event.eventType()).isEqualTo("invoice.paid");
		});
	}

	@Test
	void replaysATenantsDeliveryVerifiedWithThatTenantsSecretAndItsPathVariables() throws Exception {
		this.mvc.perform(stripe("acme", ACME_SECRET, "evt_replay").request())
			.andExpect(jsonPath("$.status").value("processed"));
		Replay replay = this.deliveries.replay("tenant-stripe", "{tenant=acme}evt_replay");
		assertThat(replay.outcome()).isEqualTo(ReplayOutcome.REPLAYED);
		assertThat(replay.status()).isEqualTo(DeliveryStatus.PROCESSED);
		assertThat(this.secrets.calls).hasValue(2);
		assertThat(this.handlers.events).hasSize(2).last().satisfies((event) -> {
			assertThat(event.pathVariables()).containsExactly(Map.entry("tenant", "acme"));
			assertThat(event.deliveryId()).isEqualTo("evt_replay");
		});
	}

	@Test
	void refusesATenantsDeliverySignedWithAnotherTenantsSecret() throws Exception {
		this.mvc.perform(stripe("globex", ACME_SECRET, "evt_2").request())
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.type").value("urn:webhook-receiver:problem:invalid-signature"));
		assertThat(this.handlers.events).isEmpty();
	}

	@Test
	void answersATenantWithoutASecret401NotAServerError() throws Exception {
		this.mvc.perform(stripe("initech", ACME_SECRET, "evt_3").request())
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.type").value("urn:webhook-receiver:problem:invalid-signature"));
		this.mvc.perform(stripe("initech", ACME_SECRET, "evt_3").withoutHeader("Stripe-Signature").request())
			.andExpect(status().isUnauthorized());
		assertThat(this.jdbc.queryForObject("select count(*) from webhook_delivery", Integer.class)).isZero();
	}

	@Test
	void answers503WhenTheResolversDatabaseIsUnreachable() throws Exception {
		this.secrets.failure = new DataAccessResourceFailureException("Connection refused");
		try (LogCapture logs = LogCapture.of(WebhookController.class)) {
			this.mvc.perform(stripe("acme", ACME_SECRET, "evt_down").request())
				.andExpect(status().isServiceUnavailable())
				.andExpect(header().string("Retry-After", "10"))
				.andExpect(jsonPath("$.type").value("urn:webhook-receiver:problem:store-unavailable"));
			assertThat(logs.messages(Level.WARN)).singleElement()
				.asString()
				.contains("could not be looked up")
				.contains("Connection refused");
		}
		assertThat(this.handlers.events).isEmpty();
		assertThat(this.jdbc.queryForObject("select count(*) from webhook_delivery", Integer.class)).isZero();
	}

	@Test
	void letsAResolverThatFailsOtherwiseFailTheRequest() {
		this.secrets.failure = new IllegalStateException("bug in the resolver");
		assertThatException().isThrownBy(() -> this.mvc.perform(stripe("acme", ACME_SECRET, "evt_bug").request()))
			.withRootCauseInstanceOf(IllegalStateException.class);
		assertThat(this.handlers.events).isEmpty();
		assertThat(this.jdbc.queryForObject("select count(*) from webhook_delivery", Integer.class)).isZero();
	}

	@Test
	void deduplicatesPerTenantNotAcrossTenants() throws Exception {
		this.mvc.perform(stripe("acme", ACME_SECRET, "evt_same").request())
			.andExpect(jsonPath("$.status").value("processed"));
		this.mvc.perform(stripe("globex", GLOBEX_SECRET, "evt_same").request())
			.andExpect(jsonPath("$.status").value("processed"));
		this.mvc.perform(stripe("acme", ACME_SECRET, "evt_same").request())
			.andExpect(jsonPath("$.status").value("duplicate"))
			.andExpect(jsonPath("$.deliveryId").value("evt_same"));
		assertThat(this.handlers.events).hasSize(2);
		assertThat(this.jdbc.queryForList(
				"select delivery_id from webhook_delivery where endpoint = 'tenant-stripe' order by delivery_id",
				String.class))
			.containsExactly("{tenant=acme}evt_same", "{tenant=globex}evt_same");
	}

	@Test
	void usesTheConfiguredSecretsWhereTheResolverHasNone() throws Exception {
		this.mvc
			.perform(TestDeliveries.stripe(WebhookControllerTests.payment("evt_configured"), TestDeliveries.NOW)
				.request())
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("processed"));
		assertThat(this.secrets.calls).hasValue(1);
	}

	@Test
	void handsThePathVariablesToTheWorkersOfAnAsyncEndpoint() throws Exception {
		CountDownLatch processed = new CountDownLatch(1);
		this.handlers.processed = processed;
		this.mvc.perform(order("acme", "eu west", "msg_1").request())
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.deliveryId").value("msg_1"));
		assertThat(processed.await(30, TimeUnit.SECONDS)).as("processed by a worker").isTrue();
		assertThat(this.handlers.events).singleElement().satisfies((event) -> {
			assertThat(event.endpoint()).isEqualTo("tenant-orders");
			assertThat(event.pathVariables()).containsOnly(Map.entry("tenant", "acme"),
					Map.entry("region", "eu west"));
			assertThat(event.deliveryId()).isEqualTo("msg_1");
		});
	}

	static Delivery stripe(String tenant, String secret, String id) {
		String body = "{\"id\":\"" + id + "\",\"type\":\"invoice.paid\"}";
		String t = Long.toString(TestDeliveries.NOW.getEpochSecond());
		String v1 = HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), t + "." + body));
		return new Delivery("/webhooks/" + tenant + "/stripe", Map.of("Stripe-Signature", "t=" + t + ",v1=" + v1),
				body);
	}

	private static Delivery order(String tenant, String region, String id) {
		String body = "{\"type\":\"order.created\"}";
		String ts = Long.toString(TestDeliveries.NOW.getEpochSecond());
		byte[] key = Base64.getDecoder().decode(ACME_ORDERS_SECRET.substring("whsec_".length()));
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("webhook-id", id);
		headers.put("webhook-timestamp", ts);
		headers.put("webhook-signature",
				"v1," + Base64.getEncoder().encodeToString(hmac(key, id + "." + ts + "." + body)));
		return new Delivery("/tenants/" + tenant + "/" + region + "/orders", headers, body);
	}

	private static byte[] hmac(byte[] key, String data) {
		return TestDeliveries.hmac(key, data.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The secrets of each tenant, as an application would look them up, counting the calls.
	 */
	static class TenantSecrets implements WebhookSecretResolver {

		private static final Map<String, String> STRIPE = Map.of("acme", ACME_SECRET, "globex", GLOBEX_SECRET);

		final AtomicInteger calls = new AtomicInteger();

		volatile RuntimeException failure;

		@Override
		public List<String> secrets(String endpoint, Map<String, String> pathVariables, HttpHeaders headers) {
			this.calls.incrementAndGet();
			RuntimeException failure = this.failure;
			if (failure != null) {
				throw failure;
			}
			String tenant = pathVariables.get("tenant");
			if (endpoint.equals("tenant-stripe") && STRIPE.containsKey(tenant)) {
				return List.of(STRIPE.get(tenant));
			}
			if (endpoint.equals("tenant-orders") && "acme".equals(tenant)) {
				return List.of(ACME_ORDERS_SECRET);
			}
			return List.of();
		}

	}

	static class TenantHandlers {

		final List<WebhookEvent> events = new CopyOnWriteArrayList<>();

		volatile CountDownLatch processed = new CountDownLatch(0);

		@WebhookHandler(endpoint = "tenant-stripe")
		void payment(WebhookEvent event) {
			this.events.add(event);
		}

		@WebhookHandler(endpoint = "tenant-orders")
		void order(WebhookEvent event) {
			this.events.add(event);
			this.processed.countDown();
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Tenants {

		@Bean
		TenantSecrets tenantSecrets() {
			return new TenantSecrets();
		}

		@Bean
		TenantHandlers tenantHandlers() {
			return new TenantHandlers();
		}

	}

}
