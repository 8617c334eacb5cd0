package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;

import dev.webhookreceiver.verify.WebhookEndpoint.SignatureSettings;
import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Property-based tests of every built-in provider, generated in bulk with seeded
 * {@link Random}s, so that every run checks the same changes. The subjects are every case of
 * {@code vectors/vectors.json} that passes verification (its stricter verdict is
 * {@code valid}), plus a delivery to a fully configured {@code hmac} endpoint and one to a
 * {@code none} endpoint:
 * <ul>
 * <li>every single-byte change of the body (at every position of bodies up to
 * {@value #ALL_POSITIONS_UP_TO} bytes, at {@value #SAMPLED_POSITIONS} sampled positions of longer
 * ones) is rejected;</li>
 * <li>every single-character change of the signature header, of the timestamp header (where
 * the timestamp has a header of its own) and of the id header (where the id is signed) is
 * rejected;</li>
 * <li>random garbage, up to {@value #MAX_GARBAGE_LENGTH} characters, in any header the provider
 * reads is either rejected or accepted, never thrown as another exception.</li>
 * </ul>
 * Rejected means a {@link WebhookRejectedException} for another reason than
 * {@link Reason#MALFORMED}: the signature or timestamp check caught the change. Exempt, by
 * design: GitLab's body, which its token does not cover, and {@code none}'s; headers that the
 * sender does not sign ({@code X-GitHub-Delivery}, {@code I-Twilio-Idempotency-Token}, ...); and
 * the characters of an entry of a signature list that the delivery does not need (the
 * signature of another secret during a rotation, Stripe's {@code v0}), which may be changed
 * freely. Changes there must still be rejected or accepted, never thrown as another exception.
 */
class ProviderTamperingTests {

	private static final long SEED = 0x5EED2026L;

	private static final int ALL_POSITIONS_UP_TO = 256;

	private static final int SAMPLED_POSITIONS = 96;

	private static final int MAX_GARBAGE_LENGTH = 10_000;

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	private static final Map<String, WebhookProvider> providers = BuiltInProviders.create(jsonMapper)
		.stream()
		.collect(Collectors.toMap(WebhookProvider::name, Function.identity()));

	private static final Map<String, Scheme> schemes = Map.ofEntries(
			Map.entry("github", new Scheme(List.of("X-Hub-Signature-256"), null, null, null, true,
					List.of("X-Hub-Signature", "X-GitHub-Delivery", "X-GitHub-Event", "Content-Type"))),
			Map.entry("stripe", new Scheme(List.of("Stripe-Signature"), null, null, ",", true, List.of())),
			Map.entry("standard-webhooks",
					new Scheme(List.of("webhook-signature"), "webhook-timestamp", "webhook-id", " ", true, List.of())),
			Map.entry("svix", new Scheme(List.of("svix-signature"), "svix-timestamp", "svix-id", " ", true, List.of())),
			Map.entry("slack", new Scheme(List.of("X-Slack-Signature"), "X-Slack-Request-Timestamp", null, null, true,
					List.of("Content-Type"))),
			Map.entry("shopify", new Scheme(List.of("X-Shopify-Hmac-Sha256", "Shopify-Hmac-Sha256"), null, null, null,
					true, List.of("X-Shopify-Event-Id", "X-Shopify-Webhook-Id", "X-Shopify-Topic", "Shopify-Event-Id",
							"Shopify-Webhook-Id", "Shopify-Topic"))),
			Map.entry("twilio", new Scheme(List.of("X-Twilio-Signature"), null, null, null, true,
					List.of("I-Twilio-Idempotency-Token", "Content-Type"))),
			Map.entry("gitlab", new Scheme(List.of("X-Gitlab-Token"), null, null, null, false,
					List.of("Idempotency-Key", "X-Gitlab-Event-UUID", "X-Gitlab-Event"))),
			Map.entry("paddle", new Scheme(List.of("Paddle-Signature"), null, null, ";", true, List.of())),
			Map.entry("square", new Scheme(List.of("x-square-hmacsha256-signature"), null, null, null, true,
					List.of("x-square-signature"))),
			Map.entry("linear", new Scheme(List.of("Linear-Signature"), null, null, null, true,
					List.of("Linear-Delivery", "Linear-Event"))),
			Map.entry("zoom", new Scheme(List.of("x-zm-signature"), "x-zm-request-timestamp", null, null, true,
					List.of())),
			Map.entry("discord", new Scheme(List.of("X-Signature-Ed25519"), "X-Signature-Timestamp", null, null, true,
					List.of())),
			Map.entry("hmac", new Scheme(List.of("X-Signature"), "X-Timestamp", "X-Delivery-Id", null, true,
					List.of("Content-Type"))),
			Map.entry("none", new Scheme(List.of(), null, null, null, false, List.of("X-Delivery-Id", "X-Event"))));

	@Test
	void everySchemeHasSubjects() {
		assertThat(subjects().map((subject) -> subject.endpoint().provider()).collect(Collectors.toSet()))
			.containsExactlyInAnyOrderElementsOf(providers.keySet());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("subjects")
	void everySubjectPassesVerificationUnchanged(Subject subject) {
		assertThat(subject.passes(subject.headers(), subject.body())).isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("bodyChanges")
	void everySingleByteChangeOfTheBodyIsRejected(Change change) {
		assertRejected(change);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("signedHeaderChanges")
	void everySingleCharacterChangeOfASignedHeaderIsRejected(Change change) {
		if (change.mustBeRejected()) {
			assertRejected(change);
		}
		else {
			assertRejectedOrAccepted(change);
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("headerGarbage")
	void garbageInAnyHeaderIsRejectedOrAcceptedButNeverThrowsAnythingElse(Change change) {
		assertRejectedOrAccepted(change);
	}

	private static void assertRejected(Change change) {
		Subject subject = change.subject();
		Throwable thrown = catchThrowable(
				() -> subject.provider().verify(change.request(), subject.endpoint(), subject.clock()));
		assertThat(thrown).as("rejection of %s", change).isInstanceOf(WebhookRejectedException.class);
		assertThat(((WebhookRejectedException) thrown).reason()).isNotEqualTo(Reason.MALFORMED);
	}

	private static void assertRejectedOrAccepted(Change change) {
		Subject subject = change.subject();
		WebhookRequest request = change.request();
		Throwable thrown = catchThrowable(() -> {
			VerifiedDelivery delivery = subject.provider().verify(request, subject.endpoint(), subject.clock());
			subject.provider().handshake(request, subject.endpoint(), delivery);
		});
		if (thrown != null) {
			assertThat(thrown).isInstanceOf(WebhookRejectedException.class);
			assertThat(thrown.getMessage()).isNotBlank().hasSizeLessThan(1000);
		}
	}

	static Stream<Subject> subjects() {
		Stream<Subject> vectors = VectorCase.load()
			.stream()
			.filter((vector) -> vector.strictVerdict().equals("valid"))
			.map(Subject::of);
		return Stream.concat(vectors, Stream.of(hmacSubject(), noneSubject()));
	}

	static Stream<Change> bodyChanges() {
		return subjects().filter((subject) -> subject.scheme().signsBody()).flatMap((subject) -> {
			Random random = random(subject, "body");
			byte[] body = subject.body();
			return positions(body.length, random).mapToObj((position) -> {
				byte[] changed = body.clone();
				changed[position] = (byte) (body[position] + 1 + random.nextInt(255));
				HexFormat hex = HexFormat.of();
				return new Change(subject, subject.headers(), changed, true, subject + " body[" + position + "] "
						+ hex.toHexDigits(body[position]) + " -> " + hex.toHexDigits(changed[position]));
			});
		});
	}

	static Stream<Change> signedHeaderChanges() {
		return subjects().flatMap((subject) -> {
			Scheme scheme = subject.scheme();
			List<Change> changes = new ArrayList<>();
			String signatureHeader = scheme.signatureHeaders()
				.stream()
				.filter((name) -> subject.header(name) != null)
				.findFirst()
				.orElse(null);
			for (String name : new String[] { signatureHeader, scheme.timestampHeader(), scheme.idHeader() }) {
				String value = (name != null) ? subject.header(name) : null;
				if (value == null) {
					continue;
				}
				boolean[] exempt = name.equals(signatureHeader) ? unneededEntries(subject, name, value, scheme)
						: new boolean[value.length()];
				Random random = random(subject, name);
				for (int i = 0; i < value.length(); i++) {
					char replacement = differentCharacter(value.charAt(i), random);
					String changed = value.substring(0, i) + replacement + value.substring(i + 1);
					changes.add(new Change(subject, subject.withHeader(name, changed), subject.body(), !exempt[i],
							subject + " " + name + "[" + i + "] '" + value.charAt(i) + "' -> '" + replacement + "'"
									+ (exempt[i] ? " (unneeded entry)" : "")));
				}
			}
			return changes.stream();
		});
	}

	static Stream<Change> headerGarbage() {
		return subjects().flatMap((subject) -> {
			List<Change> changes = new ArrayList<>();
			Random random = random(subject, "garbage");
			TreeSet<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
			Scheme scheme = subject.scheme();
			names.addAll(scheme.signatureHeaders());
			names.addAll(scheme.otherHeaders());
			if (scheme.timestampHeader() != null) {
				names.add(scheme.timestampHeader());
			}
			if (scheme.idHeader() != null) {
				names.add(scheme.idHeader());
			}
			for (String name : names) {
				for (Garbage garbage : Garbage.values()) {
					String value = garbage.generate(random);
					changes.add(new Change(subject, subject.withHeader(name, value), subject.body(), false,
							subject + " " + name + " = " + garbage + " (" + value.length() + " characters)"));
				}
			}
			for (Garbage garbage : Garbage.values()) {
				Map<String, String> headers = subject.headers();
				for (String name : names) {
					headers = new Subject.Headers(headers).with(name, garbage.generate(random));
				}
				changes.add(new Change(subject, headers, subject.body(), false,
						subject + " every header = " + garbage));
			}
			return changes.stream();
		});
	}

	/**
	 * Marks the characters of the entries of a signature list that the delivery does not need
	 * (without them, it still passes verification), and the separators between two such
	 * entries.
	 */
	private static boolean[] unneededEntries(Subject subject, String name, String value, Scheme scheme) {
		boolean[] unneeded = new boolean[value.length()];
		String separator = scheme.separator();
		if (separator == null) {
			return unneeded;
		}
		int start = 0;
		while (start <= value.length()) {
			int end = value.indexOf(separator, start);
			end = (end != -1) ? end : value.length();
			String without = (end < value.length()) ? value.substring(0, start) + value.substring(end + 1)
					: value.substring(0, Math.max(0, start - 1));
			if (end > start && subject.passes(subject.withHeader(name, without), subject.body())) {
				for (int i = start; i < end; i++) {
					unneeded[i] = true;
				}
			}
			start = end + 1;
		}
		for (int i = 1; i < value.length() - 1; i++) {
			if (value.startsWith(separator, i) && unneeded[i - 1] && unneeded[i + 1]) {
				unneeded[i] = true;
			}
		}
		return unneeded;
	}

	private static IntStream positions(int length, Random random) {
		if (length <= ALL_POSITIONS_UP_TO) {
			return IntStream.range(0, length);
		}
		TreeSet<Integer> positions = new TreeSet<>(List.of(0, length - 1));
		while (positions.size() < SAMPLED_POSITIONS) {
			positions.add(random.nextInt(length));
		}
		return positions.stream().mapToInt(Integer::intValue);
	}

	/**
	 * Another character: mostly one of the same alphabet (hex digit, Base64, digit), so that
	 * the changed value still decodes and the signature check itself is put to the test.
	 */
	private static char differentCharacter(char original, Random random) {
		String alphabet;
		int choice = random.nextInt(8);
		if (choice == 0) {
			alphabet = "éü☃\u0000\t\"\\,;= ";
		}
		else if (choice == 1 || (original < 0x21 || original > 0x7e)) {
			alphabet = printableAscii();
		}
		else if (Character.isDigit(original)) {
			alphabet = "0123456789";
		}
		else if ("abcdef".indexOf(original) != -1) {
			alphabet = "0123456789abcdef";
		}
		else {
			alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
		}
		char replacement;
		do {
			replacement = alphabet.charAt(random.nextInt(alphabet.length()));
		}
		while (replacement == original);
		return replacement;
	}

	private static String printableAscii() {
		StringBuilder ascii = new StringBuilder();
		for (char c = 0x21; c <= 0x7e; c++) {
			ascii.append(c);
		}
		return ascii.toString();
	}

	private static Random random(Subject subject, String purpose) {
		return new Random(SEED ^ (subject.id() + "/" + purpose).hashCode());
	}

	/**
	 * A delivery to an {@code hmac} endpoint that signs id, timestamp, URL and body.
	 */
	private static Subject hmacSubject() {
		String secret = "test-only-hmac-secret";
		String body = "{\"type\":\"order.created\",\"data\":{\"id\":42,\"note\":\"caf\u00e9 \\u00e9\"}}";
		String url = "https://hooks.example.com/webhooks/custom?tenant=acme";
		long timestamp = 1767225600;
		SignatureSettings signature = new SignatureSettings("X-Signature", "HmacSHA512", "base64", "v1=",
				"{id}.{timestamp}.{url}.{body}");
		WebhookEndpoint endpoint = new WebhookEndpoint("custom", "/webhooks/custom", "hmac", List.of(secret),
				Duration.ofMinutes(5), signature, "header:X-Timestamp", "header:X-Delivery-Id", "json:/type");
		byte[] hmac = TestSignatures.hmac("HmacSHA512", secret.getBytes(StandardCharsets.UTF_8),
				("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W." + timestamp + "." + url + "." + body)
					.getBytes(StandardCharsets.UTF_8));
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", "application/json");
		headers.put("X-Delivery-Id", "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W");
		headers.put("X-Timestamp", String.valueOf(timestamp));
		headers.put("X-Signature", "v1=" + Base64.getEncoder().encodeToString(hmac));
		return new Subject("hmac-configured", endpoint,
				Clock.fixed(Instant.ofEpochSecond(timestamp + 42), ZoneOffset.UTC), url, headers,
				body.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A delivery to a {@code none} endpoint that reads its id from a header and its type from
	 * the body.
	 */
	private static Subject noneSubject() {
		WebhookEndpoint endpoint = new WebhookEndpoint("legacy", "/webhooks/legacy", "none", List.of(),
				Duration.ofMinutes(5), SignatureSettings.DEFAULT, null, "header:X-Delivery-Id", "json:/event/type");
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("X-Delivery-Id", "d-1");
		headers.put("X-Event", "ignored");
		return new Subject("none-configured", endpoint, Clock.systemUTC(), "https://hooks.example.com/webhooks/legacy",
				headers, "{\"event\":{\"type\":\"legacy.ping\"}}".getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Which headers a scheme signs and reads.
	 *
	 * @param signatureHeaders the signature header's names, the first present is used
	 * @param timestampHeader the header of a signed timestamp, if the scheme has one of its own
	 * @param idHeader the header of a signed id, if the scheme signs one
	 * @param separator what separates the entries of a signature list, if the header is one
	 * @param signsBody whether the body is covered by the signature
	 * @param otherHeaders the other headers the provider reads
	 */
	record Scheme(List<String> signatureHeaders, @Nullable String timestampHeader, @Nullable String idHeader,
			@Nullable String separator, boolean signsBody, List<String> otherHeaders) {

	}

	/**
	 * A delivery that passes verification, and the endpoint that receives it.
	 */
	record Subject(String id, WebhookEndpoint endpoint, Clock clock, String url, Map<String, String> headers,
			byte[] body) {

		static Subject of(VectorCase vector) {
			return new Subject(vector.id(), vector.endpoint(), vector.clock(), vector.url(), vector.headers(),
					vector.body());
		}

		WebhookProvider provider() {
			WebhookProvider provider = providers.get(this.endpoint.provider());
			provider.validate(this.endpoint);
			return provider;
		}

		Scheme scheme() {
			return schemes.get(this.endpoint.provider());
		}

		@Nullable String header(String name) {
			return new Headers(this.headers).get(name);
		}

		Map<String, String> withHeader(String name, String value) {
			return new Headers(this.headers).with(name, value);
		}

		/**
		 * Whether a request passes verification: accepted, or refused only because it lacks
		 * what identifies a delivery.
		 */
		boolean passes(Map<String, String> headers, byte[] body) {
			try {
				provider().verify(request(headers, body), this.endpoint, this.clock);
				return true;
			}
			catch (WebhookRejectedException ex) {
				return ex.reason() == Reason.MALFORMED;
			}
		}

		WebhookRequest request(Map<String, String> headers, byte[] body) {
			HttpHeaders httpHeaders = new HttpHeaders();
			headers.forEach(httpHeaders::add);
			return new WebhookRequest(this.url, httpHeaders, body);
		}

		@Override
		public String toString() {
			return this.id;
		}

		/**
		 * Headers whose names are compared ignoring case.
		 */
		record Headers(Map<String, String> headers) {

			@Nullable String get(String name) {
				return this.headers.entrySet()
					.stream()
					.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
					.map(Map.Entry::getValue)
					.findFirst()
					.orElse(null);
			}

			Map<String, String> with(String name, String value) {
				Map<String, String> changed = new LinkedHashMap<>();
				boolean replaced = false;
				for (Map.Entry<String, String> entry : this.headers.entrySet()) {
					boolean match = entry.getKey().equalsIgnoreCase(name);
					changed.put(entry.getKey(), match ? value : entry.getValue());
					replaced |= match;
				}
				if (!replaced) {
					changed.put(name, value);
				}
				return changed;
			}

		}

	}

	/**
	 * A changed delivery.
	 */
	record Change(Subject subject, Map<String, String> headers, byte[] body, boolean mustBeRejected,
			String description) {

		WebhookRequest request() {
			return this.subject.request(this.headers, this.body);
		}

		@Override
		public String toString() {
			return this.description;
		}

	}

	/**
	 * Kinds of header garbage.
	 */
	enum Garbage {

		BYTES {
			@Override
			String generate(Random random) {
				char[] chars = new char[random.nextInt(MAX_GARBAGE_LENGTH + 1)];
				for (int i = 0; i < chars.length; i++) {
					chars[i] = (char) random.nextInt(256);
				}
				return new String(chars);
			}
		},

		ASCII {
			@Override
			String generate(Random random) {
				return repeat(random, printableAscii(), random.nextInt(MAX_GARBAGE_LENGTH + 1));
			}
		},

		UNICODE {
			@Override
			String generate(Random random) {
				StringBuilder text = new StringBuilder();
				int length = random.nextInt(MAX_GARBAGE_LENGTH / 2);
				while (text.length() < length) {
					text.appendCodePoint(random.nextInt(0x10FFFF + 1));
				}
				return text.toString();
			}
		},

		COMMAS {
			@Override
			String generate(Random random) {
				return ",".repeat(1 + random.nextInt(MAX_GARBAGE_LENGTH));
			}
		},

		SIGNATURE_ITEMS {
			@Override
			String generate(Random random) {
				return repeat(random, new String[] { "v1=", "v1,", "t=", "ts=", "h1=", "v0=", "sha256=", ",", ";", " ",
						"=", "00", "AA==", "v1a,", "1767225600" }, random.nextInt(2000));
			}
		},

		SPACES {
			@Override
			String generate(Random random) {
				return " ".repeat(random.nextInt(MAX_GARBAGE_LENGTH));
			}
		},

		DIGITS {
			@Override
			String generate(Random random) {
				return repeat(random, "0123456789", 1 + random.nextInt(40));
			}
		},

		HEX {
			@Override
			String generate(Random random) {
				return repeat(random, "0123456789abcdef", 2 * random.nextInt(200));
			}
		},

		BASE64 {
			@Override
			String generate(Random random) {
				return repeat(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
						4 * random.nextInt(100)) + "==".substring(random.nextInt(3));
			}
		},

		EMPTY {
			@Override
			String generate(Random random) {
				return "";
			}
		};

		abstract String generate(Random random);

		private static String repeat(Random random, String alphabet, int length) {
			StringBuilder text = new StringBuilder(length);
			for (int i = 0; i < length; i++) {
				text.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			return text.toString();
		}

		private static String repeat(Random random, String[] items, int count) {
			StringBuilder text = new StringBuilder();
			for (int i = 0; i < count; i++) {
				text.append(items[random.nextInt(items.length)]);
			}
			return text.toString();
		}

	}

}
