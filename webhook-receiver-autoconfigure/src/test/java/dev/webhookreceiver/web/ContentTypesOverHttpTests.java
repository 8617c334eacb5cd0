package dev.webhookreceiver.web;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.webhookreceiver.web.TestDeliveries.Delivery;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deliveries are verified on the exact bytes received whatever their content type: neither the
 * {@code DispatcherServlet}'s multipart resolution nor form parameter parsing consumes a body
 * before its signature is checked.
 */
class ContentTypesOverHttpTests {

	private static final String RAW_SECRET = "test-only-raw-secret";

	private static final String[] RAW_ENDPOINT = { "webhook.receiver.endpoints.raw.provider=hmac",
			"webhook.receiver.endpoints.raw.secret=" + RAW_SECRET,
			"webhook.receiver.endpoints.raw.signature.header=X-Signature",
			"webhook.receiver.endpoints.raw.signature.prefix=sha256=",
			"webhook.receiver.endpoints.raw.delivery-id=header:X-Delivery-Id",
			"webhook.receiver.endpoints.raw.event-type=fixed:upload" };

	private static final String MULTIPART_BODY = """
			--boundary42\r
			Content-Disposition: form-data; name="payload"\r
			Content-Type: application/json\r
			\r
			{"action":"opened","issue":{"number":7,"title":"Multipart"}}\r
			--boundary42--\r
			""";

	private static ReceiverInstance instance;

	@BeforeAll
	static void start() {
		instance = ReceiverInstance.start(properties("spring.datasource.url=jdbc:h2:mem:contenttypes;DB_CLOSE_DELAY=-1"));
	}

	@AfterAll
	static void stop() {
		instance.close();
	}

	@Test
	void verifiesAndProcessesASignedMultipartDelivery() {
		HttpResponse<String> response = send(instance, raw("/webhooks/raw", "multipart-1", MULTIPART_BODY),
				"multipart/form-data; boundary=boundary42");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("\"deliveryId\":\"multipart-1\"");
		assertThat(instance.jdbc()
			.queryForObject("select payload from webhook_delivery where delivery_id = 'multipart-1'", byte[].class))
			.isEqualTo(MULTIPART_BODY.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void verifiesASignedMultipartDeliveryUnderTheDispatcherServletsOwnPath() {
		ReceiverInstance underApi = ReceiverInstance.start(properties(
				"spring.datasource.url=jdbc:h2:mem:contenttypes-api;DB_CLOSE_DELAY=-1", "spring.mvc.servlet.path=/api"));
		try {
			HttpResponse<String> response = send(underApi, raw("/api/webhooks/raw", "multipart-2", MULTIPART_BODY),
					"multipart/form-data; boundary=boundary42");
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(response.body()).contains("\"deliveryId\":\"multipart-2\"");
		}
		finally {
			underApi.close();
		}
	}

	@Test
	void verifiesAndProcessesASignedFormDelivery() {
		// GitHub's form content type: the JSON payload in a 'payload' field.
		String body = "payload=" + URLEncoder.encode("{\"action\":\"opened\",\"issue\":{\"number\":8,\"title\":\"Form\"}}",
				StandardCharsets.UTF_8);
		HttpResponse<String> response = send(instance, TestDeliveries.github("ping", "form-1", body),
				"application/x-www-form-urlencoded");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("\"deliveryId\":\"form-1\"");
		assertThat(instance.jdbc()
			.queryForObject("select payload from webhook_delivery where delivery_id = 'form-1'", byte[].class))
			.isEqualTo(body.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void verifiesAndProcessesASignedDeliveryOfAnUnusualContentType() {
		byte[] bytes = { 0, (byte) 0xff, (byte) 0xfe, '\r', '\n', 0x7f };
		HttpRequest.Builder request = HttpRequest.newBuilder(instance.uri("/webhooks/raw"))
			.header("Content-Type", "application/octet-stream")
			.header("X-Signature", "sha256=" + HexFormat.of().formatHex(hmac(bytes)))
			.header("X-Delivery-Id", "octet-1")
			.POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
		HttpResponse<String> response = instance.send(request.build());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("\"deliveryId\":\"octet-1\"");
	}

	private static String[] properties(String... properties) {
		List<String> all = new ArrayList<>(List.of(RAW_ENDPOINT));
		all.addAll(List.of(properties));
		return all.toArray(String[]::new);
	}

	private static Delivery raw(String path, String deliveryId, String body) {
		String signature = "sha256=" + HexFormat.of().formatHex(hmac(body.getBytes(StandardCharsets.UTF_8)));
		return new Delivery(path, Map.of("X-Signature", signature, "X-Delivery-Id", deliveryId), body);
	}

	private static byte[] hmac(byte[] content) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(RAW_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac.doFinal(content);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpResponse<String> send(ReceiverInstance receiver, Delivery delivery, String contentType) {
		HttpRequest.Builder request = HttpRequest.newBuilder(receiver.uri(delivery.path()))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(delivery.body()));
		delivery.headers().forEach(request::header);
		return receiver.send(request.build());
	}

}
