package dev.webhookreceiver.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Signs test deliveries the way GitHub, Stripe and Standard Webhooks senders do.
 */
final class TestDeliveries {

	static final String GITHUB_SECRET = "test-only-github-secret";

	static final String STRIPE_SECRET = "whsec_test_only_stripe_secret";

	static final String ORDERS_SECRET = "whsec_dGVzdC1vbmx5LW9yZGVycy1zZWNyZXQtMDAwMDA=";

	static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private TestDeliveries() {
	}

	static Delivery github(String event, String deliveryId, String body) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("X-GitHub-Event", event);
		headers.put("X-GitHub-Delivery", deliveryId);
		headers.put("X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(hmac(utf8(GITHUB_SECRET), utf8(body))));
		return new Delivery("/webhooks/github", headers, body);
	}

	static Delivery stripe(String body, Instant signedAt) {
		String t = Long.toString(signedAt.getEpochSecond());
		String v1 = HexFormat.of().formatHex(hmac(utf8(STRIPE_SECRET), utf8(t + "." + body)));
		return new Delivery("/webhooks/stripe", Map.of("Stripe-Signature", "t=" + t + ",v1=" + v1), body);
	}

	static Delivery order(String id, String body, Instant signedAt) {
		String ts = Long.toString(signedAt.getEpochSecond());
		byte[] key = Base64.getDecoder().decode(ORDERS_SECRET.substring("whsec_".length()));
		String signature = Base64.getEncoder().encodeToString(hmac(key, utf8(id + "." + ts + "." + body)));
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("webhook-id", id);
		headers.put("webhook-timestamp", ts);
		headers.put("webhook-signature", "v1," + signature);
		return new Delivery("/webhooks/orders", headers, body);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static byte[] hmac(byte[] key, byte[] data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(data);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A signed delivery.
	 *
	 * @param path the request path
	 * @param headers the headers
	 * @param body the body
	 */
	record Delivery(String path, Map<String, String> headers, String body) {

		Delivery withHeader(String name, String value) {
			Map<String, String> changed = new LinkedHashMap<>(this.headers);
			changed.put(name, value);
			return new Delivery(this.path, changed, this.body);
		}

		Delivery withoutHeader(String name) {
			Map<String, String> changed = new LinkedHashMap<>(this.headers);
			changed.remove(name);
			return new Delivery(this.path, changed, this.body);
		}

		Delivery withBody(String body) {
			return new Delivery(this.path, this.headers, body);
		}

		Delivery withPath(String path) {
			return new Delivery(path, this.headers, this.body);
		}

		MockHttpServletRequestBuilder request() {
			MockHttpServletRequestBuilder request = MockMvcRequestBuilders.post(this.path)
				.contentType(MediaType.APPLICATION_JSON)
				.content(this.body);
			this.headers.forEach(request::header);
			return request;
		}

	}

}
