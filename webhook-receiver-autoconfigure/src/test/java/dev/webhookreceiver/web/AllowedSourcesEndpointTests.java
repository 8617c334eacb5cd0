package dev.webhookreceiver.web;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webhookreceiver.web.TestDeliveries.Delivery;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * An endpoint's {@code allowed-sources} through MockMvc: senders outside the blocks are refused
 * with 403 before their body is read, and nothing is recorded.
 */
@SpringBootTest(classes = ReceiverTestApplication.class,
		properties = { ReceiverTestApplication.PROPERTIES,
				"webhook.receiver.endpoints.github.allowed-sources=192.30.252.0/22, 2a0a:a440::/29" })
@AutoConfigureMockMvc
class AllowedSourcesEndpointTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ShopHandlers handlers;

	@BeforeEach
	void reset() {
		this.handlers.reset();
		this.jdbc.update("delete from webhook_delivery");
		this.jdbc.update("delete from handled_payment");
	}

	@Test
	void acceptsSendersInsideTheBlocksIpv4AndIpv6() throws Exception {
		send(issueOpened("d-v4"), "192.30.252.41").andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("processed"));
		send(issueOpened("d-v6"), "2a0a:a440:0:1::7").andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("processed"));
	}

	@Test
	void refusesOtherSendersWith403AndRecordsNothing() throws Exception {
		send(issueOpened("d-other"), "198.51.100.4")
			.andExpect(status().isForbidden())
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.type").value("urn:webhook-receiver:problem:forbidden-source"))
			.andExpect(jsonPath("$.detail")
				.value("the sender's address 198.51.100.4 is not among the endpoint's allowed sources"));
		send(issueOpened("d-other-v6"), "2001:db8::1")
			.andExpect(status().isForbidden());
		assertThat(this.jdbc.queryForObject("select count(*) from webhook_delivery", Integer.class)).isZero();
		assertThat(this.handlers.calls).isEmpty();
	}

	@Test
	void refusesBeforeReadingTheBody() throws Exception {
		// larger than max-payload-size: read, it would be answered 413
		Delivery giant = TestDeliveries.github("issues", "d-giant", "{\"pad\":\"" + "x".repeat(8192) + "\"}");
		send(giant, "198.51.100.4").andExpect(status().isForbidden());
		send(giant, "192.30.252.41").andExpect(status().is(413));
	}

	@Test
	void leavesOtherEndpointsOpen() throws Exception {
		this.mvc.perform(TestDeliveries.stripe(WebhookControllerTests.payment("evt_open"), TestDeliveries.NOW)
			.request()
			.with(from("198.51.100.4"))).andExpect(status().isOk());
	}

	private static Delivery issueOpened(String deliveryId) {
		return TestDeliveries.github("issues", deliveryId, WebhookControllerTests.ISSUE_OPENED);
	}

	private ResultActions send(Delivery delivery, String remoteAddress) throws Exception {
		return this.mvc.perform(delivery.request().with(from(remoteAddress)));
	}

	private static RequestPostProcessor from(String remoteAddress) {
		return (request) -> {
			request.setRemoteAddr(remoteAddress);
			return request;
		};
	}

}
