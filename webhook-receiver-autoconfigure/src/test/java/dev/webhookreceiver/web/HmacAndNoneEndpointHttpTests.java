package dev.webhookreceiver.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The generic {@code hmac} provider configured as in the design's example, and the {@code none}
 * provider, through the whole receiver.
 */
@SpringBootTest(classes = ReceiverTestApplication.class,
		properties = { ReceiverTestApplication.PROPERTIES, "webhook.receiver.endpoints.custom.provider=hmac",
				"webhook.receiver.endpoints.custom.secret=" + HmacAndNoneEndpointHttpTests.SECRET,
				"webhook.receiver.endpoints.custom.signature.header=X-Signature",
				"webhook.receiver.endpoints.custom.signature.algorithm=HmacSHA256",
				"webhook.receiver.endpoints.custom.signature.encoding=hex",
				"webhook.receiver.endpoints.custom.signature.prefix=sha256=",
				"webhook.receiver.endpoints.custom.signature.signed-content={timestamp}.{body}",
				"webhook.receiver.endpoints.custom.timestamp=header:X-Timestamp",
				"webhook.receiver.endpoints.custom.delivery-id=header:X-Delivery-Id",
				"webhook.receiver.endpoints.custom.event-type=json:/type",
				"webhook.receiver.endpoints.internal.provider=none",
				"webhook.receiver.endpoints.internal.event-type=fixed:internal.ping" })
@AutoConfigureMockMvc
class HmacAndNoneEndpointHttpTests {

	static final String SECRET = "test-only-custom-secret";

	private static final String BODY = "{\"type\":\"invoice.paid\",\"amount\":100}";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@BeforeEach
	void clean() {
		this.jdbc.update("delete from webhook_delivery");
	}

	@Test
	void acceptsADeliverySignedAsConfiguredOnceAndAnswersTheCopyAsDuplicate() throws Exception {
		long now = TestDeliveries.NOW.getEpochSecond();
		send(custom("c-1", now, BODY, sign(now + "." + BODY))).andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("ignored"))
			.andExpect(jsonPath("$.deliveryId").value("c-1"));
		send(custom("c-1", now, BODY, sign(now + "." + BODY))).andExpect(jsonPath("$.status").value("duplicate"));
		assertThat(this.jdbc.queryForObject("select event_type from webhook_delivery where delivery_id = 'c-1'",
				String.class))
			.isEqualTo("invoice.paid");
	}

	@Test
	void refusesATamperedBodyAStaleTimestampAndAMissingSignature() throws Exception {
		long now = TestDeliveries.NOW.getEpochSecond();
		String tampered = BODY.replace("100", "900");
		expectProblem(send(custom("c-2", now, tampered, sign(now + "." + BODY))), "invalid-signature");
		long old = now - 301;
		expectProblem(send(custom("c-3", old, BODY, sign(old + "." + BODY))), "stale-timestamp");
		MockHttpServletRequestBuilder unsigned = MockMvcRequestBuilders.post("/webhooks/custom")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-Timestamp", now)
			.header("X-Delivery-Id", "c-4")
			.content(BODY);
		expectProblem(this.mvc.perform(unsigned), "missing-signature");
		assertThat(this.jdbc.queryForObject("select count(*) from webhook_delivery", Integer.class)).isZero();
	}

	@Test
	void recordsUnverifiedDeliveriesByTheHashOfTheirBody() throws Exception {
		MockHttpServletRequestBuilder ping = MockMvcRequestBuilders.post("/webhooks/internal")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{}");
		this.mvc.perform(ping).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("ignored"));
		this.mvc.perform(ping).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("duplicate"));
	}

	private ResultActions send(MockHttpServletRequestBuilder request) throws Exception {
		return this.mvc.perform(request);
	}

	private static void expectProblem(ResultActions result, String type) throws Exception {
		result.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.type").value("urn:webhook-receiver:problem:" + type));
	}

	private static MockHttpServletRequestBuilder custom(String id, long timestamp, String body, String signature) {
		return MockMvcRequestBuilders.post("/webhooks/custom")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-Signature", "sha256=" + signature)
			.header("X-Timestamp", timestamp)
			.header("X-Delivery-Id", id)
			.content(body);
	}

	private static String sign(String content) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
