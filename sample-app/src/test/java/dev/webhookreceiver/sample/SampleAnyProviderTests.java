package dev.webhookreceiver.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.webhookreceiver.verify.BuiltInProviders;
import dev.webhookreceiver.verify.WebhookProvider;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the sample shop with one endpoint per built-in provider, chosen by properties only
 * (as on the command line: {@code --webhook.receiver.endpoints.<name>.provider=...}), and sends
 * each a delivery signed by that provider's own SDK: a valid case of the known-answer vectors,
 * with its exact body bytes and headers, over real HTTP, on a clock set to the vector's time.
 * <p>
 * Square and Twilio sign the URL the sender used. The shop runs behind a pretend proxy here
 * ({@code server.forward-headers-strategy=native}): the vector URL's scheme, host and port
 * arrive as {@code X-Forwarded-*} headers, as from a TLS-terminating load balancer.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:sample-any-provider;DB_CLOSE_DELAY=-1",
				"server.forward-headers-strategy=native" })
class SampleAnyProviderTests {

	private static final Set<String> URL_SIGNING_SCHEMES = Set.of("square", "twilio");

	private static final Set<String> SCHEMES_AT_LEAST = Set.of("github", "stripe", "standard-webhooks", "svix",
			"slack", "shopify", "gitlab", "paddle", "square", "linear");

	private static final Instant SIGNING_TIME = Instant.parse("2026-01-01T00:00:00Z");

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private SettableClock clock;

	@DynamicPropertySource
	static void oneEndpointPerProvider(DynamicPropertyRegistry registry) {
		deliveries().forEach((vector) -> {
			String prefix = "webhook.receiver.endpoints." + vector.scheme() + ".";
			registry.add(prefix + "provider", vector::scheme);
			registry.add(prefix + "secret", vector::secret);
			if (URL_SIGNING_SCHEMES.contains(vector.scheme())) {
				registry.add(prefix + "path", () -> URI.create(vector.url()).getRawPath());
			}
		});
	}

	static Stream<Vector> deliveries() {
		Set<String> builtIn = BuiltInProviders.create(jsonMapper)
			.stream()
			.map(WebhookProvider::name)
			.collect(Collectors.toSet());
		Map<String, List<Vector>> validByScheme = new LinkedHashMap<>();
		for (Vector vector : Vector.load()) {
			if (builtIn.contains(vector.scheme()) && vector.isPlainValidDelivery()) {
				validByScheme.computeIfAbsent(vector.scheme(), (scheme) -> new ArrayList<>()).add(vector);
			}
		}
		return validByScheme.values()
			.stream()
			.map((valid) -> valid.stream()
				.filter((vector) -> vector.deliveryId() != null && vector.eventType() != null)
				.findFirst()
				.orElse(valid.get(0)));
	}

	@Test
	void coversAtLeastTheProvidersOfTheFirstRelease() {
		assertThat(deliveries().map(Vector::scheme)).containsAll(SCHEMES_AT_LEAST);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("deliveries")
	void acceptsADeliverySignedByTheProvidersOwnSdk(Vector vector) throws Exception {
		this.clock.set((vector.nowEpochSeconds() != null) ? Instant.ofEpochSecond(vector.nowEpochSeconds())
				: SIGNING_TIME);
		HttpResponse<String> first = send(vector);
		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		JsonNode answer = jsonMapper.readTree(first.body());
		assertThat(answer.path("status").asString()).isIn("processed", "ignored");
		if (vector.deliveryId() != null) {
			assertThat(answer.path("deliveryId").asString()).isEqualTo(vector.deliveryId());
		}
		HttpResponse<String> again = send(vector);
		assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
		assertThat(jsonMapper.readTree(again.body()).path("status").asString()).isEqualTo("duplicate");
	}

	private HttpResponse<String> send(Vector vector) throws IOException, InterruptedException {
		URI signed = URI.create(vector.url());
		String path = URL_SIGNING_SCHEMES.contains(vector.scheme()) ? signed.getRawPath()
				: "/webhooks/" + vector.scheme();
		String query = URL_SIGNING_SCHEMES.contains(vector.scheme()) && signed.getRawQuery() != null
				? "?" + signed.getRawQuery() : "";
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path + query))
			.POST(HttpRequest.BodyPublishers.ofByteArray(vector.body()));
		vector.headers().forEach(request::header);
		if (URL_SIGNING_SCHEMES.contains(vector.scheme())) {
			boolean https = signed.getScheme().equals("https");
			int port = (signed.getPort() != -1) ? signed.getPort() : (https ? 443 : 80);
			request.header("X-Forwarded-Proto", signed.getScheme())
				.header("X-Forwarded-Host", signed.getHost())
				.header("X-Forwarded-Port", Integer.toString(port));
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * A case of {@code vectors/vectors.json}, with what this test needs of it.
	 *
	 * @param id the case id
	 * @param scheme the scheme, which is also the provider name
	 * @param secret the secret the case was signed with
	 * @param url the URL the sender signed or sent to
	 * @param headers the headers, exactly as sent
	 * @param body the body bytes, exactly as sent
	 * @param nowEpochSeconds the time the case was checked at, or {@code null}
	 * @param deliveryId the delivery id, if the vectors name one
	 * @param eventType the event type, if the vectors name one
	 * @param node the whole case
	 */
	record Vector(String id, String scheme, String secret, String url, Map<String, String> headers, byte[] body,
			@Nullable Long nowEpochSeconds, @Nullable String deliveryId, @Nullable String eventType, JsonNode node) {

		static List<Vector> load() {
			try (InputStream in = new ClassPathResource("vectors/vectors.json").getInputStream()) {
				List<Vector> vectors = new ArrayList<>();
				for (JsonNode node : jsonMapper.readTree(in).path("cases")) {
					Map<String, String> headers = new LinkedHashMap<>();
					node.path("headers").properties().forEach((header) -> headers.put(header.getKey(),
							header.getValue().asString()));
					vectors.add(new Vector(node.path("id").asString(), node.path("scheme").asString(),
							node.path("secret").asString(), node.path("url").asString(), headers,
							Base64.getDecoder().decode(node.path("body_base64").asString()),
							node.path("now_epoch_seconds").isNumber() ? node.path("now_epoch_seconds").asLong() : null,
							text(node, "delivery_id"), text(node, "event_type"), node));
				}
				return vectors;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/**
		 * Whether this is a delivery the providers' SDKs and this receiver's stricter defaults
		 * all accept, and not a sender's handshake (Slack's challenge, Zoom's URL validation).
		 */
		boolean isPlainValidDelivery() {
			JsonNode extracted = this.node.path("extracted");
			return this.node.path("expected").asString().equals("valid")
					&& !this.node.path("policy_dependent").asBoolean(false) && !extracted.has("challenge")
					&& !extracted.has("expected_encrypted_token")
					&& !(this.scheme.equals("discord") && "1".equals(this.eventType));
		}

		private static @Nullable String text(JsonNode node, String field) {
			JsonNode value = node.path(field);
			return value.isString() ? value.asString() : null;
		}

		@Override
		public String toString() {
			return this.scheme + " (" + this.id + ")";
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class VectorTime {

		@Bean
		SettableClock clock() {
			return new SettableClock();
		}

	}

	/**
	 * The clock the receiver checks timestamps against, set to each vector's time.
	 */
	static final class SettableClock extends Clock {

		private volatile Instant instant = SIGNING_TIME;

		void set(Instant instant) {
			this.instant = instant;
		}

		@Override
		public Instant instant() {
			return this.instant;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException();
		}

	}

}
