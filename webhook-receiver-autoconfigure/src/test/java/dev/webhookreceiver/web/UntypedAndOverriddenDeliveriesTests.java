package dev.webhookreceiver.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webhookreceiver.web.RecordingHandler.Call;
import dev.webhookreceiver.web.TestDeliveries.Delivery;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Authentic deliveries are not refused for their shape: a Standard Webhooks delivery without a
 * {@code type} is recorded and dispatched with the empty event type, and an endpoint can say
 * where a preset's delivery id and event type are.
 */
@SpringBootTest(classes = ReceiverTestApplication.class,
		properties = { ReceiverTestApplication.PROPERTIES,
				"webhook.receiver.endpoints.billing.provider=standard-webhooks",
				"webhook.receiver.endpoints.billing.secret=" + TestDeliveries.ORDERS_SECRET,
				"webhook.receiver.endpoints.billing.delivery-id=json:/data/id",
				"webhook.receiver.endpoints.billing.event-type=json:/data/kind" })
@AutoConfigureMockMvc
@Import(UntypedAndOverriddenDeliveriesTests.AnyEventHandler.class)
class UntypedAndOverriddenDeliveriesTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private RecordingHandler handler;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private MeterRegistry meters;

	@BeforeEach
	void reset() {
		this.handler.calls.clear();
		this.jdbc.update("delete from webhook_delivery");
	}

	@Test
	void aSignedDeliveryWithoutTypeIsRecordedAndDispatchedWithTheEmptyEventType() throws Exception {
		Delivery delivery = TestDeliveries.order("msg_untyped", "{\"orderId\":\"o-1\",\"amount\":5}",
				TestDeliveries.NOW);
		this.mvc.perform(delivery.request())
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("processed"))
			.andExpect(jsonPath("$.deliveryId").value("msg_untyped"));
		assertThat(this.handler.calls).containsExactly(new Call("orders", "msg_untyped", ""));
		assertThat(this.jdbc.queryForObject(
				"select event_type from webhook_delivery where delivery_id = 'msg_untyped'", String.class))
			.isEmpty();
		Counter processed = this.meters.find("webhook.deliveries")
			.tags("endpoint", "orders", "event", "", "outcome", "processed")
			.counter();
		assertThat(processed).isNotNull();
		assertThat(processed.count()).isOne();
		this.mvc.perform(delivery.request()).andExpect(jsonPath("$.status").value("duplicate"));
		assertThat(this.handler.calls).hasSize(1);
	}

	@Test
	void anEndpointSaysWhereAPresetsDeliveryIdAndEventTypeAre() throws Exception {
		Delivery order = TestDeliveries.order("msg_billing", "{\"data\":{\"id\":\"inv-1\",\"kind\":\"invoice.paid\"}}",
				TestDeliveries.NOW);
		Delivery delivery = new Delivery("/webhooks/billing", order.headers(), order.body());
		this.mvc.perform(delivery.request())
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("processed"))
			.andExpect(jsonPath("$.deliveryId").value("inv-1"));
		assertThat(this.handler.calls).containsExactly(new Call("billing", "inv-1", "invoice.paid"));
		assertThat(this.jdbc.queryForObject("select count(*) from webhook_delivery where endpoint = 'billing' "
				+ "and delivery_id = 'inv-1' and event_type = 'invoice.paid'", Integer.class))
			.isOne();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class AnyEventHandler {

		@Bean
		RecordingHandler recordingHandler() {
			return new RecordingHandler();
		}

	}

}
