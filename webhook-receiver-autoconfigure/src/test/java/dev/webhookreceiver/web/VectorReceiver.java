package dev.webhookreceiver.web;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

import dev.webhookreceiver.verify.VectorCase;

import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Sends known-answer vectors to a {@link VectorReceiverApplication} through MockMvc, byte for
 * byte and header for header, and checks what the receiver did.
 */
final class VectorReceiver {

	private final MockMvc mvc;

	private final JdbcTemplate jdbc;

	private final RecordingHandler handler;

	private final SettableClock clock;

	VectorReceiver(MockMvc mvc, JdbcTemplate jdbc, RecordingHandler handler, SettableClock clock) {
		this.mvc = mvc;
		this.jdbc = jdbc;
		this.handler = handler;
		this.clock = clock;
	}

	/**
	 * Forgets every delivery and handler call.
	 */
	void reset() {
		this.handler.calls.clear();
		this.jdbc.update("delete from webhook_delivery");
	}

	/**
	 * Sends a vector as it is, at the vector's time.
	 * @param vector the vector
	 * @return the answer
	 * @throws Exception if MockMvc fails
	 */
	ResultActions send(VectorCase vector) throws Exception {
		return send(vector, body(vector), vector.headers());
	}

	/**
	 * Sends a vector's request with another body or other headers, at the vector's time. For a
	 * scheme that signs the URL, the request URL is the vector's, scheme, host, port, path and
	 * query; for the others, only the endpoint's path matters.
	 * @param vector the vector
	 * @param body the body bytes
	 * @param headers the headers
	 * @return the answer
	 * @throws Exception if MockMvc fails
	 */
	ResultActions send(VectorCase vector, byte[] body, Map<String, String> headers) throws Exception {
		return send(vector, uri(vector), body, headers);
	}

	/**
	 * Sends a vector's request to another URL of its endpoint, at the vector's time.
	 * @param vector the vector
	 * @param uri the request URL
	 * @param body the body bytes
	 * @param headers the headers
	 * @return the answer
	 * @throws Exception if MockMvc fails
	 */
	ResultActions send(VectorCase vector, URI uri, byte[] body, Map<String, String> headers) throws Exception {
		return sendAt(now(vector), uri, body, headers);
	}

	/**
	 * Sends a vector's request at another time than the vector's.
	 * @param now the time of the receiver's clock
	 * @param vector the vector
	 * @return the answer
	 * @throws Exception if MockMvc fails
	 */
	ResultActions sendAt(Instant now, VectorCase vector) throws Exception {
		return sendAt(now, uri(vector), body(vector), vector.headers());
	}

	private ResultActions sendAt(Instant now, URI uri, byte[] body, Map<String, String> headers) throws Exception {
		this.clock.set(now);
		MockHttpServletRequestBuilder request = MockMvcRequestBuilders.post(uri).content(body);
		headers.forEach(request::header);
		if (uri.getPort() == -1) {
			// MockMvc keeps port 80 for an https URL without one, which would add ":80" to the URL.
			int port = "https".equals(uri.getScheme()) ? 443 : 80;
			request.with((servletRequest) -> {
				servletRequest.setServerPort(port);
				return servletRequest;
			});
		}
		return this.mvc.perform(request);
	}

	/**
	 * The URL a vector is sent to: for a scheme that signs the URL, the vector's; else the
	 * endpoint's path on {@code localhost}.
	 * @param vector the vector
	 * @return the request URL
	 */
	static URI uri(VectorCase vector) {
		return VectorEndpoints.URL_SIGNING_SCHEMES.contains(vector.scheme()) ? URI.create(vector.url())
				: URI.create("http://localhost" + VectorEndpoints.endpointOf(vector).path());
	}

	/**
	 * Expects an RFC 9457 problem of this receiver.
	 * @param result the answer
	 * @param status the status
	 * @param type the problem type after {@code urn:webhook-receiver:problem:}
	 * @return the answer
	 * @throws Exception if MockMvc fails
	 */
	static ResultActions expectProblem(ResultActions result, int status, String type) throws Exception {
		return result.andExpect(status().is(status))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value(DeliveryAnswers.PROBLEM_TYPE_PREFIX + type))
			.andExpect(jsonPath("$.status").value(status))
			.andExpect(jsonPath("$.detail").isNotEmpty());
	}

	/**
	 * Asserts that no delivery was recorded and no handler called.
	 * @param why what is being checked, for the message
	 */
	void assertNothingRecorded(String why) {
		assertThat(this.handler.calls).as(why + ": handler calls").isEmpty();
		assertThat(rows()).as(why + ": rows of webhook_delivery").isZero();
	}

	int rows() {
		return this.jdbc.queryForObject("select count(*) from webhook_delivery", Integer.class);
	}

	String statusOf(String endpoint, String deliveryId) {
		return this.jdbc.queryForObject("select status from webhook_delivery where endpoint = ? and delivery_id = ?",
				String.class, endpoint, deliveryId);
	}

	RecordingHandler handler() {
		return this.handler;
	}

	static byte[] body(VectorCase vector) {
		return Base64.getDecoder().decode(vector.bodyBase64());
	}

	static Instant now(VectorCase vector) {
		Long now = vector.nowEpochSeconds();
		return (now != null) ? Instant.ofEpochSecond(now) : VectorEndpoints.SIGNING_TIME;
	}

	static Clock clockOf(VectorCase vector) {
		return Clock.fixed(now(vector), ZoneOffset.UTC);
	}

}
