package dev.webhookreceiver.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;

/**
 * One case of {@code vectors/vectors.json}: a request, a fixed clock and the verdict the
 * providers' own SDKs give. Public for the tests that send the same cases over HTTP.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VectorCase(String id, String scheme, String name, String secret, String url, Map<String, String> headers,
		String bodyBase64, String bodySha256Hex, @Nullable Long nowEpochSeconds, @Nullable Long toleranceSeconds,
		String expected, @Nullable String deliveryId, @Nullable String eventType,
		@Nullable Map<String, @Nullable Object> extracted, boolean policyDependent,
		@Nullable String alternativeExpected) {

	private static final Instant SIGNING_TIME = Instant.parse("2026-01-01T00:00:00Z");

	private static final JsonMapper jsonMapper = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	public static List<VectorCase> load() {
		try (InputStream in = new ClassPathResource("vectors/vectors.json").getInputStream()) {
			return List.of(jsonMapper.readValue(in, Vectors.class).cases());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The verdict this project expects: the vector's, except where the vector marks a policy
	 * under which a valid case would be refused; the stricter reading is the default.
	 */
	String strictVerdict() {
		if (this.policyDependent && this.expected.equals("valid") && this.alternativeExpected != null) {
			return this.alternativeExpected;
		}
		return this.expected;
	}

	/**
	 * The settings of an endpoint of the vector's scheme, with its secret and tolerance.
	 */
	WebhookEndpoint endpoint() {
		return new WebhookEndpoint(this.scheme, "/webhooks/" + this.scheme, this.scheme, List.of(this.secret),
				(this.toleranceSeconds != null) ? Duration.ofSeconds(this.toleranceSeconds) : Duration.ofMinutes(5));
	}

	/**
	 * A clock at the vector's time of verification.
	 */
	Clock clock() {
		return Clock.fixed((this.nowEpochSeconds != null) ? Instant.ofEpochSecond(this.nowEpochSeconds)
				: SIGNING_TIME, ZoneOffset.UTC);
	}

	public WebhookRequest request() {
		HttpHeaders httpHeaders = new HttpHeaders();
		this.headers.forEach(httpHeaders::add);
		return new WebhookRequest(this.url, httpHeaders, body());
	}

	byte[] body() {
		return Base64.getDecoder().decode(this.bodyBase64);
	}

	public @Nullable Object extracted(String key) {
		return (this.extracted != null) ? this.extracted.get(key) : null;
	}

	@Override
	public String toString() {
		return this.id + " " + this.name;
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Vectors(VectorCase[] cases) {

	}

}
