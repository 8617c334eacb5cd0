package dev.webhookreceiver.web;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.webhookreceiver.verify.VectorCase;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;

import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends seeded random garbage in every header each built-in provider reads, with random or
 * real bodies, to its endpoint: the answer is always a 4xx problem, never a 5xx or an
 * exception, and no delivery is recorded or dispatched.
 * <p>
 * The headers that carry a signature are absent or pure garbage, never derived from a real
 * signature, so that no request can be authentic; the other headers are absent, garbage,
 * real, or real with garbage around them.
 */
@SpringBootTest(classes = VectorReceiverApplication.class)
@ContextConfiguration(initializers = VectorEndpoints.RightSecrets.class)
@AutoConfigureMockMvc
class HeaderGarbageHttpTests {

	private static final long SEED = 20260101L;

	private static final int REQUESTS_PER_PROVIDER = 200;

	private static final int MAX_LENGTH = 8 * 1024;

	/** Headers that carry a signature or a token compared like one. */
	private static final Pattern SIGNATURE_HEADER = Pattern
		.compile("(?i).*(signature|hmac|x-gitlab-token).*");

	/** Headers that providers read and that no vector carries. */
	private static final Map<String, List<String>> MORE_HEADERS = Map.of("square", List.of("x-square-signature"),
			"linear", List.of("Linear-Timestamp"), "github", List.of("X-Hub-Signature"));

	private static final String[] TOKENS = { ",", ", ", ",,", "v1=", "t=", " ", "  ", "=", ";", "v0=", "v1,", "v1a,",
			"sha256=", "h1=", "ts=", "whsec_", "whpk_", "==", "\t", "-", "0", "%", "%2" };

	private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";

	private static final List<String> CONTENT_TYPES = List.of("application/json",
			"application/json; charset=utf-8", "application/x-www-form-urlencoded", "text/plain", "");

	@Autowired
	private VectorReceiver receiver;

	@BeforeEach
	void reset() {
		this.receiver.reset();
	}

	static Stream<String> schemes() {
		return VectorEndpoints.schemes().stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("schemes")
	void answersGarbageWithAProblemAndRecordsNothing(String scheme) throws Exception {
		Random random = new Random(SEED + scheme.hashCode());
		List<VectorCase> vectors = VectorEndpoints.cases()
			.stream()
			.filter((vector) -> vector.scheme().equals(scheme) && VectorEndpoints.servedWithRightSecrets(vector))
			.toList();
		Set<String> headerNames = headerNames(scheme, vectors);
		assertThat(headerNames).as("the signature headers of " + scheme)
			.anyMatch((name) -> SIGNATURE_HEADER.matcher(name).matches());
		for (int i = 0; i < REQUESTS_PER_PROVIDER; i++) {
			VectorCase vector = vectors.get(random.nextInt(vectors.size()));
			Map<String, String> headers = garbageHeaders(random, headerNames, vector);
			byte[] body = body(random, vector);
			String what = scheme + " request #" + i + " (based on " + vector.id() + ")";
			MockHttpServletResponse response = this.receiver.send(vector, uri(random, vector), body, headers)
				.andReturn()
				.getResponse();
			assertThat(response.getStatus()).as(what + ": " + response.getContentAsString()).isBetween(400, 499);
			assertThat(MediaType.parseMediaType(response.getContentType())).as(what)
				.isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(response.getContentAsString()).as(what)
				.contains("\"type\":\"" + DeliveryAnswers.PROBLEM_TYPE_PREFIX);
			this.receiver.assertNothingRecorded(what);
		}
	}

	private static Set<String> headerNames(String scheme, List<VectorCase> vectors) {
		Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		vectors.forEach((vector) -> names.addAll(vector.headers().keySet()));
		names.addAll(MORE_HEADERS.getOrDefault(scheme, List.of()));
		names.remove("Content-Type");
		return names;
	}

	private static Map<String, String> garbageHeaders(Random random, Set<String> names, VectorCase vector) {
		Map<String, String> headers = new LinkedHashMap<>();
		for (String name : names) {
			String real = realValue(vector, name);
			boolean signature = SIGNATURE_HEADER.matcher(name).matches();
			String value = switch (random.nextInt(signature ? 2 : 4)) {
				case 0 -> null;
				case 1 -> garbage(random);
				case 2 -> (real != null) ? real : garbage(random);
				default -> (real != null) ? garbage(random) + real + garbage(random) : garbage(random);
			};
			if (value != null) {
				headers.put(randomCase(random, name), value);
			}
		}
		String contentType = CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size()));
		if (!contentType.isEmpty()) {
			headers.put("Content-Type", contentType);
		}
		return headers;
	}

	private static String realValue(VectorCase vector, String name) {
		return vector.headers()
			.entrySet()
			.stream()
			.filter((header) -> header.getKey().equalsIgnoreCase(name))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(null);
	}

	private static byte[] body(Random random, VectorCase vector) {
		byte[] real = VectorReceiver.body(vector);
		switch (random.nextInt(3)) {
			case 0:
				return real;
			case 1:
				byte[] changed = real.clone();
				if (changed.length > 0) {
					changed[random.nextInt(changed.length)] ^= (byte) (1 + random.nextInt(255));
				}
				return changed;
			default:
				byte[] bytes = new byte[length(random)];
				random.nextBytes(bytes);
				return bytes;
		}
	}

	private static URI uri(Random random, VectorCase vector) {
		URI uri = VectorReceiver.uri(vector);
		if (random.nextInt(4) != 0) {
			return uri;
		}
		String query = "bodySHA256=" + URLEncoder.encode(garbage(random), StandardCharsets.UTF_8);
		return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath() + "?" + query);
	}

	/**
	 * Text of 0 to 8 KB, mostly short, of the pieces signature headers are made of, digits,
	 * hex, Base64, printable ASCII and Latin-1.
	 */
	private static String garbage(Random random) {
		int length = length(random);
		StringBuilder text = new StringBuilder(length + 16);
		while (text.length() < length) {
			int kind = random.nextInt(10);
			if (kind < 3) {
				text.append(TOKENS[random.nextInt(TOKENS.length)]);
			}
			else if (kind < 5) {
				text.append(random.nextLong() & Long.MAX_VALUE);
			}
			else if (kind < 6) {
				text.append(Long.toHexString(random.nextLong()));
			}
			else if (kind < 7) {
				text.append(BASE64.charAt(random.nextInt(BASE64.length())));
			}
			else if (kind < 9) {
				text.append((char) (0x20 + random.nextInt(0x7f - 0x20)));
			}
			else {
				text.append((char) (0xa0 + random.nextInt(0x60)));
			}
		}
		return text.substring(0, length);
	}

	private static int length(Random random) {
		return switch (random.nextInt(4)) {
			case 0 -> random.nextInt(17);
			case 1 -> random.nextInt(129);
			case 2 -> random.nextInt(1025);
			default -> random.nextInt(MAX_LENGTH + 1);
		};
	}

	private static String randomCase(Random random, String name) {
		return switch (random.nextInt(3)) {
			case 0 -> name;
			case 1 -> name.toLowerCase(Locale.ROOT);
			default -> name.toUpperCase(Locale.ROOT);
		};
	}

}
