package dev.webhookreceiver.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.stripe.net.Webhook.Signature;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.json.JsonMapper;

import dev.webhookreceiver.verify.BuiltInProviders;
import dev.webhookreceiver.verify.WebhookEndpoint;
import dev.webhookreceiver.verify.WebhookProvider;
import dev.webhookreceiver.verify.WebhookRequest;

import org.springframework.http.HttpHeaders;

/**
 * Verification of one delivery: the receiver's providers (signature, timestamp, delivery id and
 * event type) beside the limit, a raw JDK {@code Mac.doFinal} over the body, and the peers,
 * svix-java's {@code Webhook.verify} and stripe-java's {@code Webhook.Signature.verifyHeader} and
 * {@code Webhook.constructEvent}, which check the signature and timestamp but extract nothing
 * (svix, {@code verifyHeader}) or parse the whole event ({@code constructEvent}).
 * <p>
 * The same body, a JSON event padded to {@link Deliveries#size} bytes, is signed once per trial
 * with the current time, so every call verifies.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VerificationBenchmark {

	@Benchmark
	public void limitRawJdkHmac(Deliveries deliveries, Blackhole blackhole) {
		blackhole.consume(deliveries.mac.get().doFinal(deliveries.body));
	}

	@Benchmark
	public void receiverGitHub(Deliveries deliveries, Blackhole blackhole) {
		blackhole.consume(deliveries.github.verify());
	}

	@Benchmark
	public void receiverStripe(Deliveries deliveries, Blackhole blackhole) {
		blackhole.consume(deliveries.stripe.verify());
	}

	@Benchmark
	public void receiverSvix(Deliveries deliveries, Blackhole blackhole) {
		blackhole.consume(deliveries.svix.verify());
	}

	@Benchmark
	public void peerSvixJavaVerify(Deliveries deliveries) throws Exception {
		// svix-java takes the body as a String, so the decoding is part of its cost
		deliveries.svixWebhook.verify(new String(deliveries.body, StandardCharsets.UTF_8), deliveries.svixHeaders);
	}

	@Benchmark
	public boolean peerStripeJavaVerifyHeader(Deliveries deliveries) throws Exception {
		return Signature.verifyHeader(new String(deliveries.body, StandardCharsets.UTF_8),
				deliveries.stripeSignature, Deliveries.STRIPE_SECRET, 300);
	}

	@Benchmark
	public Object peerStripeJavaConstructEvent(Deliveries deliveries) throws Exception {
		return com.stripe.net.Webhook.constructEvent(new String(deliveries.body, StandardCharsets.UTF_8),
				deliveries.stripeSignature, Deliveries.STRIPE_SECRET);
	}

	/**
	 * One signed delivery per scheme, and what verifies it.
	 */
	@State(Scope.Benchmark)
	public static class Deliveries {

		static final String GITHUB_SECRET = "benchmark-only-github-secret";

		static final String STRIPE_SECRET = "whsec_benchmark_only_stripe_secret_0000";

		// whsec_ + base64 of 32 bytes
		static final String SVIX_SECRET = "whsec_" + Base64.getEncoder()
			.encodeToString("benchmark-only-svix-secret-00000".getBytes(StandardCharsets.US_ASCII));

		@Param({ "1024", "65536" })
		public int size;

		byte[] body;

		ThreadLocal<Mac> mac;

		Verification github;

		Verification stripe;

		Verification svix;

		com.svix.Webhook svixWebhook;

		Map<String, List<String>> svixHeaders;

		String stripeSignature;

		@Setup(Level.Trial)
		public void sign() throws Exception {
			String id = "evt_" + UUID.randomUUID().toString().replace("-", "");
			this.body = body(id, this.size);
			long now = System.currentTimeMillis() / 1000;
			Map<String, WebhookProvider> providers = BuiltInProviders
				.create(JsonMapper.builder().build())
				.stream()
				.collect(java.util.stream.Collectors.toMap(WebhookProvider::name, (provider) -> provider));
			this.mac = ThreadLocal.withInitial(() -> mac("HmacSHA256", GITHUB_SECRET.getBytes(StandardCharsets.UTF_8)));

			HttpHeaders githubHeaders = new HttpHeaders();
			githubHeaders.set("X-Hub-Signature-256", "sha256=" + hex(hmac(GITHUB_SECRET.getBytes(StandardCharsets.UTF_8),
					this.body)));
			githubHeaders.set("X-GitHub-Event", "issues");
			githubHeaders.set("X-GitHub-Delivery", id);
			this.github = new Verification(providers.get("github"), "github", GITHUB_SECRET, githubHeaders, this.body);

			this.stripeSignature = Signature.generateSignatureHeader(new String(this.body, StandardCharsets.UTF_8),
					STRIPE_SECRET, now);
			HttpHeaders stripeHeaders = new HttpHeaders();
			stripeHeaders.set("Stripe-Signature", this.stripeSignature);
			this.stripe = new Verification(providers.get("stripe"), "stripe", STRIPE_SECRET, stripeHeaders, this.body);

			this.svixWebhook = new com.svix.Webhook(SVIX_SECRET);
			String svixSignature = this.svixWebhook.sign(id, now, new String(this.body, StandardCharsets.UTF_8));
			this.svixHeaders = Map.of("svix-id", List.of(id), "svix-timestamp", List.of(Long.toString(now)),
					"svix-signature", List.of(svixSignature));
			HttpHeaders svixHeaders = new HttpHeaders();
			this.svixHeaders.forEach(svixHeaders::put);
			this.svix = new Verification(providers.get("svix"), "svix", SVIX_SECRET, svixHeaders, this.body);
		}

		static byte[] body(String id, int size) {
			StringBuilder json = new StringBuilder("{\"id\":\"").append(id)
				.append("\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\",\"action\":\"opened\",")
				.append("\"created\":1767225600,\"data\":{\"object\":{\"id\":\"pi_1\",\"amount\":2000,\"note\":\"");
			String tail = "\"}}}";
			while (json.length() + tail.length() < size) {
				json.append('x');
			}
			return json.append(tail).toString().getBytes(StandardCharsets.UTF_8);
		}

		static Mac mac(String algorithm, byte[] key) {
			try {
				Mac mac = Mac.getInstance(algorithm);
				mac.init(new SecretKeySpec(key, algorithm));
				return mac;
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

		static byte[] hmac(byte[] key, byte[] content) {
			return mac("HmacSHA256", key).doFinal(content);
		}

		static String hex(byte[] bytes) {
			return HexFormat.of().formatHex(bytes);
		}

	}

	/**
	 * A provider, an endpoint it validated, and a request it accepts.
	 */
	static final class Verification {

		private final WebhookProvider provider;

		private final WebhookEndpoint endpoint;

		private final WebhookRequest request;

		private final Clock clock = Clock.systemUTC();

		Verification(WebhookProvider provider, String name, String secret, HttpHeaders headers, byte[] body) {
			this.provider = provider;
			this.endpoint = new WebhookEndpoint(name, "/webhooks/" + name, provider.name(), List.of(secret),
					Duration.ofMinutes(5));
			provider.validate(this.endpoint);
			this.request = new WebhookRequest("https://hooks.example.com/webhooks/" + name, headers, body);
			verify();
		}

		Object verify() {
			return this.provider.verify(this.request, this.endpoint, this.clock);
		}

	}

}
