package dev.webhookreceiver.web;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.webhookreceiver.verify.BuiltInProviders;
import dev.webhookreceiver.verify.VectorCase;
import dev.webhookreceiver.verify.WebhookProvider;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * The endpoints that receive the known-answer vectors of every scheme with a built-in
 * provider, so that a scheme gets covered as soon as its provider is added.
 * <p>
 * Each endpoint serves one scheme, one path and one secret. The path is the vector URL's path
 * for schemes that sign the URL ({@link #URL_SIGNING_SCHEMES}), else
 * {@code /webhooks/<endpoint name>}, one per distinct secret of the scheme. An application
 * gets these endpoints with their right secrets ({@link RightSecrets}) or with their other
 * secrets ({@link OtherSecrets}): the second secret the vectors use on a signed URL, where
 * there is one (a wrong-secret case), else a wrong secret of the same form.
 */
final class VectorEndpoints {

	/** When the generated vectors were signed; the clock of vectors without a time. */
	static final Instant SIGNING_TIME = Instant.parse("2026-01-01T00:00:00Z");

	/** The schemes whose signature covers the request URL, so whose path is fixed. */
	static final Set<String> URL_SIGNING_SCHEMES = Set.of("square", "twilio");

	/** The schemes present when these tests were written; more are covered once added. */
	static final Set<String> SCHEMES_AT_LEAST = Set.of("github", "stripe", "standard-webhooks", "svix", "slack",
			"shopify", "gitlab", "paddle", "square", "linear");

	/** The names of the built-in providers. */
	static final Set<String> BUILT_IN_PROVIDERS = BuiltInProviders.create(JsonMapper.builder().build())
		.stream()
		.map(WebhookProvider::name)
		.collect(Collectors.toUnmodifiableSet());

	private static final VectorEndpoints instance = new VectorEndpoints(VectorCase.load()
		.stream()
		.filter((vector) -> BUILT_IN_PROVIDERS.contains(vector.scheme()))
		.toList());

	private final List<VectorCase> cases;

	private final List<Endpoint> endpoints = new ArrayList<>();

	private final Map<String, Endpoint> endpointByCase = new LinkedHashMap<>();

	private final Map<String, Boolean> rightSecretByCase = new LinkedHashMap<>();

	private VectorEndpoints(List<VectorCase> cases) {
		this.cases = cases;
		Map<String, Integer> endpointsPerScheme = new LinkedHashMap<>();
		Map<List<String>, List<VectorCase>> byEndpoint = new LinkedHashMap<>();
		for (VectorCase vector : cases) {
			List<String> key = URL_SIGNING_SCHEMES.contains(vector.scheme())
					? List.of(vector.scheme(), URI.create(vector.url()).getRawPath())
					: List.of(vector.scheme(), "", vector.secret());
			byEndpoint.computeIfAbsent(key, (k) -> new ArrayList<>()).add(vector);
		}
		byEndpoint.forEach((key, vectors) -> {
			String scheme = key.get(0);
			int number = endpointsPerScheme.merge(scheme, 1, Integer::sum);
			String name = (number == 1) ? scheme : scheme + "-" + number;
			String path = key.get(1).isEmpty() ? "/webhooks/" + name : key.get(1);
			List<String> secrets = vectors.stream().map(VectorCase::secret).distinct().toList();
			if (secrets.size() > 2) {
				throw new IllegalStateException("The vectors use more than two secrets on " + key
						+ "; these tests can serve only two on one signed URL");
			}
			Set<Long> tolerances = vectors.stream()
				.map(VectorCase::toleranceSeconds)
				.filter(Objects::nonNull)
				.collect(Collectors.toSet());
			if (tolerances.size() > 1) {
				throw new IllegalStateException("The vectors of " + key + " have different tolerances " + tolerances);
			}
			String secret = secrets.get(0);
			String otherSecret = (secrets.size() > 1) ? secrets.get(1) : wrongSecretLike(scheme, secret);
			Endpoint endpoint = new Endpoint(name, scheme, path, secret, otherSecret,
					tolerances.isEmpty() ? null : tolerances.iterator().next());
			this.endpoints.add(endpoint);
			for (VectorCase vector : vectors) {
				this.endpointByCase.put(vector.id(), endpoint);
				this.rightSecretByCase.put(vector.id(), vector.secret().equals(secret));
			}
		});
	}

	/**
	 * The vectors of every scheme that has a built-in provider.
	 * @return the cases, in file order
	 */
	static List<VectorCase> cases() {
		return instance.cases;
	}

	/**
	 * The schemes covered.
	 * @return the scheme names
	 */
	static Set<String> schemes() {
		return instance.cases.stream().map(VectorCase::scheme).collect(Collectors.toCollection(TreeSet::new));
	}

	/**
	 * The endpoint that receives a vector.
	 * @param vector the vector
	 * @return its endpoint
	 */
	static Endpoint endpointOf(VectorCase vector) {
		return instance.endpointByCase.get(vector.id());
	}

	/**
	 * Whether a vector is signed for the endpoint's first secret, which {@link RightSecrets}
	 * configures, rather than its other secret.
	 * @param vector the vector
	 * @return whether the vector belongs to the application with the right secrets
	 */
	static boolean servedWithRightSecrets(VectorCase vector) {
		return instance.rightSecretByCase.get(vector.id());
	}

	/**
	 * A secret of the same form as a right one that verifies nothing the right one signed.
	 * Ed25519 public keys are replaced by a fresh key; other secrets get their first
	 * character after the last {@code _} changed within its class, so that a
	 * {@code whsec_<base64>} secret stays Base64 and a hex secret stays hex.
	 */
	private static String wrongSecretLike(String scheme, String secret) {
		if (secret.startsWith("whpk_")) {
			return "whpk_" + Base64.getEncoder().encodeToString(freshEd25519PublicKey());
		}
		if (scheme.equals("discord")) {
			return HexFormat.of().formatHex(freshEd25519PublicKey());
		}
		char[] chars = secret.toCharArray();
		int at = (secret.lastIndexOf('_') + 1 < chars.length) ? secret.lastIndexOf('_') + 1 : 0;
		char c = chars[at];
		if (c >= '0' && c <= '9') {
			chars[at] = (char) ('0' + (c - '0' + 1) % 10);
		}
		else if (c >= 'a' && c <= 'z') {
			chars[at] = (char) ('a' + (c - 'a' + 1) % 26);
		}
		else if (c >= 'A' && c <= 'Z') {
			chars[at] = (char) ('A' + (c - 'A' + 1) % 26);
		}
		else {
			chars[at] = 'A';
		}
		return new String(chars);
	}

	private static byte[] freshEd25519PublicKey() {
		try {
			byte[] encoded = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
			// The X.509 encoding of an Ed25519 key ends with the 32 raw key bytes.
			return Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void configure(ConfigurableApplicationContext context, boolean rightSecrets) {
		Map<String, Object> properties = new LinkedHashMap<>();
		for (Endpoint endpoint : instance.endpoints) {
			String prefix = "webhook.receiver.endpoints." + endpoint.name() + ".";
			properties.put(prefix + "provider", endpoint.scheme());
			properties.put(prefix + "secret", rightSecrets ? endpoint.secret() : endpoint.otherSecret());
			properties.put(prefix + "path", endpoint.path());
			if (endpoint.toleranceSeconds() != null) {
				properties.put(prefix + "tolerance", endpoint.toleranceSeconds() + "s");
			}
		}
		properties.put("spring.jpa.open-in-view", "false");
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("vector-endpoints", properties));
	}

	/**
	 * An endpoint of the vectors.
	 *
	 * @param name the endpoint name
	 * @param scheme the scheme, which is also the provider name
	 * @param path the request path
	 * @param secret the secret of the vectors served with the right secrets
	 * @param otherSecret the secret configured instead by {@link OtherSecrets}
	 * @param toleranceSeconds the tolerance the vectors were checked with, or {@code null}
	 */
	record Endpoint(String name, String scheme, String path, String secret, String otherSecret,
			@Nullable Long toleranceSeconds) {

		@Override
		public String toString() {
			return this.name + " " + this.path;
		}

	}

	/**
	 * Configures every endpoint with its first secret.
	 */
	static class RightSecrets implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			configure(context, true);
		}

	}

	/**
	 * Configures every endpoint with its other secret: the one of a wrong-secret case on the
	 * same signed URL, else a wrong secret of the right form.
	 */
	static class OtherSecrets implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			configure(context, false);
		}

	}

}
