package dev.webhookreceiver.dispatch;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PayloadBinder}.
 */
class PayloadBinderTests {

	private static final MediaType FORM = MediaType.APPLICATION_FORM_URLENCODED;

	private final PayloadBinder binder = new PayloadBinder(JsonMapper.builder().build());

	@Test
	void bindsJsonToRecord() {
		Object payload = bind("{\"id\":\"o-1\",\"amount\":42,\"added\":\"later\"}", MediaType.APPLICATION_JSON,
				Order.class);
		assertThat(payload).isEqualTo(new Order("o-1", 42));
	}

	@Test
	void aRecordSkipsTheFieldsItDoesNotDeclareWithoutCopyingThem() {
		// Jackson alone buffers a record's unknown fields, decoded, before its own: several times
		// their size in memory
		byte[] body = bytes("{\"note\":\"" + "x".repeat(4 << 20) + "\",\"id\":\"o-1\",\"amount\":42}");
		JsonMapper jsonMapper = JsonMapper.builder().build();
		PayloadBinder binder = new PayloadBinder(jsonMapper);
		assertThat(allocatedWhile(() -> jsonMapper.readValue(body, Order.class))).isGreaterThan(body.length);
		assertThat(allocatedWhile(() -> binder.bind(body, MediaType.APPLICATION_JSON, Order.class)))
			.isLessThan(body.length / 8);
		assertThat(binder.bind(body, MediaType.APPLICATION_JSON, Order.class)).isEqualTo(new Order("o-1", 42));
	}

	@Test
	void unknownFieldsStillFailWhereTheMapperSaysSo() {
		PayloadBinder strict = new PayloadBinder(
				JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());
		assertThatExceptionOfType(PayloadBindingException.class).isThrownBy(() -> strict
			.bind(bytes("{\"id\":\"o-1\",\"amount\":42,\"added\":\"later\"}"), MediaType.APPLICATION_JSON, Order.class));
	}

	@Test
	void bindsJsonToPojo() {
		Object payload = bind("{\"name\":\"Ada\",\"email\":\"ada@example.com\"}", null, Customer.class);
		assertThat(payload).isInstanceOfSatisfying(Customer.class, (customer) -> {
			assertThat(customer.getName()).isEqualTo("Ada");
			assertThat(customer.getEmail()).isEqualTo("ada@example.com");
		});
	}

	@Test
	void bindsJsonToJsonNode() {
		Object payload = bind("{\"type\":\"issues\",\"n\":[1,2]}", MediaType.APPLICATION_JSON, JsonNode.class);
		assertThat(payload).isInstanceOfSatisfying(JsonNode.class, (node) -> {
			assertThat(node.get("type").asString()).isEqualTo("issues");
			assertThat(node.get("n").size()).isEqualTo(2);
		});
	}

	@Test
	void bindsJsonToGenericMap() {
		Object payload = this.binder.bind(bytes("{\"id\":\"o-1\",\"nested\":{\"a\":1}}"), MediaType.APPLICATION_JSON,
				new ParameterizedTypeReference<Map<String, Object>>() {
				}.getType());
		assertThat(payload).isEqualTo(Map.of("id", "o-1", "nested", Map.of("a", 1)));
	}

	@Test
	void bindsJsonArrayToListOfRecordsByGenericType() {
		Object payload = this.binder.bind(bytes("[{\"id\":\"a\",\"amount\":1},{\"id\":\"b\",\"amount\":2}]"), null,
				new ParameterizedTypeReference<List<Order>>() {
				}.getType());
		assertThat(payload).isEqualTo(List.of(new Order("a", 1), new Order("b", 2)));
	}

	@Test
	void bindsBodyToUtf8String() {
		assertThat(bind("{\"name\":\"Zoë\"}", MediaType.APPLICATION_JSON, String.class)).isEqualTo("{\"name\":\"Zoë\"}");
	}

	@Test
	void bindsBodyToStringInTheCharsetOfTheContentType() {
		byte[] body = "Zoë".getBytes(StandardCharsets.ISO_8859_1);
		assertThat(this.binder.bind(body, MediaType.parseMediaType("text/plain;charset=ISO-8859-1"), String.class))
			.isEqualTo("Zoë");
	}

	@Test
	void bindsBodyToCopyOfBytes() {
		byte[] body = bytes("not even json");
		Object payload = this.binder.bind(body, null, byte[].class);
		assertThat(payload).isEqualTo(body).isNotSameAs(body);
	}

	@Test
	void bindsFormToMapOfStrings() {
		Object payload = this.binder.bind(bytes("MessageSid=SM1&Body=Hello+W%C3%B6rld%21&To=%2B15551234"), FORM,
				new ParameterizedTypeReference<Map<String, String>>() {
				}.getType());
		assertThat(payload).isEqualTo(Map.of("MessageSid", "SM1", "Body", "Hello Wörld!", "To", "+15551234"));
	}

	@Test
	void bindsFormToPojoAndRecord() {
		Object command = bind("command=%2Fdeploy&text=prod+now&user_id=U1",
				MediaType.parseMediaType("application/x-www-form-urlencoded;charset=UTF-8"), SlashCommand.class);
		assertThat(command).isEqualTo(new SlashCommand("/deploy", "prod now"));
		Object customer = bind("name=Ada&email=ada%40example.com", FORM, Customer.class);
		assertThat(customer).isInstanceOfSatisfying(Customer.class,
				(bound) -> assertThat(bound.getEmail()).isEqualTo("ada@example.com"));
	}

	@Test
	void bindsRepeatedFormFieldAsListAndFieldWithoutValueAsEmpty() {
		Object payload = bind("tag=a&tag=b&flag&empty=", FORM, JsonNode.class);
		assertThat(payload).hasToString("{\"tag\":[\"a\",\"b\"],\"flag\":\"\",\"empty\":\"\"}");
	}

	@Test
	void failsOnMalformedJson() {
		assertThatExceptionOfType(PayloadBindingException.class)
			.isThrownBy(() -> bind("{\"id\":", MediaType.APPLICATION_JSON, Order.class))
			.withMessageStartingWith("Could not read the payload as Order: ");
	}

	@Test
	void failsOnJsonThatDoesNotFitTheType() {
		assertThatExceptionOfType(PayloadBindingException.class)
			.isThrownBy(() -> bind("{\"id\":\"o-1\",\"amount\":\"many\"}", null, Order.class))
			.withMessageStartingWith("Could not read the payload as Order: ");
	}

	@Test
	void failsOnEmptyBody() {
		assertThatExceptionOfType(PayloadBindingException.class).isThrownBy(() -> bind("", null, JsonNode.class));
	}

	@Test
	void failsOnJsonNull() {
		assertThatExceptionOfType(PayloadBindingException.class).isThrownBy(() -> bind("null", null, Order.class))
			.withMessage("The payload is null, expected Order");
	}

	@Test
	void failsOnMalformedForm() {
		assertThatExceptionOfType(PayloadBindingException.class).isThrownBy(() -> bind("a=%zz", FORM, Map.class))
			.withMessageStartingWith("Could not read the payload as Map: ");
	}

	@Test
	void doesNotChangeTheBody() {
		byte[] body = bytes("{\"id\":\"o-1\",\"amount\":42}");
		byte[] copy = body.clone();
		this.binder.bind(body, null, Order.class);
		this.binder.bind(body, null, String.class);
		assertThat(body).isEqualTo(copy);
	}

	/**
	 * The bytes the current thread allocates while it binds, after a first binding that warms up
	 * Jackson's caches.
	 */
	private static long allocatedWhile(Runnable binding) {
		binding.run();
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();
		long before = threads.getCurrentThreadAllocatedBytes();
		binding.run();
		return threads.getCurrentThreadAllocatedBytes() - before;
	}

	private Object bind(String body, MediaType contentType, Class<?> type) {
		return this.binder.bind(bytes(body), contentType, type);
	}

	private static byte[] bytes(String body) {
		return body.getBytes(StandardCharsets.UTF_8);
	}

	record Order(String id, int amount) {
	}

	record SlashCommand(String command, String text) {
	}

	static class Customer {

		private String name;

		private String email;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public String getEmail() {
			return this.email;
		}

		public void setEmail(String email) {
			this.email = email;
		}

	}

}
