package dev.webhookreceiver.web;

import java.time.Clock;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.webhookreceiver.verify.HandshakeReply;
import dev.webhookreceiver.verify.VerifiedDelivery;
import dev.webhookreceiver.verify.WebhookEndpoint;
import dev.webhookreceiver.verify.WebhookProvider;
import dev.webhookreceiver.verify.WebhookRejectedException;
import dev.webhookreceiver.verify.WebhookRejectedException.Reason;
import dev.webhookreceiver.verify.WebhookRequest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.stereotype.Component;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * A provider whose handshake refuses the request gets a problem answer, not a server error.
 */
@SpringBootTest(classes = { VectorReceiverApplication.class, HandshakeRejectionTests.Throwing.class },
		properties = { "webhook.receiver.endpoints.t.provider=throwing", "webhook.receiver.endpoints.t.secret=test-only-secret" })
@AutoConfigureMockMvc
class HandshakeRejectionTests {

	@Autowired
	private MockMvc mvc;

	@Test
	void aHandshakeThatRejectsGetsAProblemNotAnError() throws Exception {
		VectorReceiver.expectProblem(this.mvc.perform(MockMvcRequestBuilders.post("/webhooks/t").content("{}")), 400,
				"malformed");
	}

	@Component("throwing")
	static class Throwing implements WebhookProvider {

		@Override
		public String name() {
			return "throwing";
		}

		@Override
		public VerifiedDelivery verify(WebhookRequest request, WebhookEndpoint endpoint, Clock clock) {
			return new VerifiedDelivery("d", "endpoint.url_validation", null);
		}

		@Override
		public @Nullable HandshakeReply handshake(WebhookRequest request, WebhookEndpoint endpoint,
				VerifiedDelivery delivery) {
			throw new WebhookRejectedException(Reason.MALFORMED, "The validation request has no payload.plainToken");
		}

	}

}
