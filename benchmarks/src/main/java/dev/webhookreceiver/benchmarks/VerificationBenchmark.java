package dev.webhookreceiver.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
import dev.webhookreceiver.verify.WebhookEndpoint.SignatureSettings;
import dev.webhookreceiver.verify.WebhookProvider;
import dev.webhookreceiver.verify.WebhookRequest;

import org.springframework.http.HttpHeaders;

/**
 * Verification of one delivery by each provider family (signature, timestamp, delivery id and
 * event type) beside the limit, a raw JDK {@code Mac.doFinal} over the body, and the peers,
 * svix-java's {@code Webhook.verify} and stripe-java's {@code Webhook.Signature.verifyHeader} and
 * {@code Webhook.constructEvent}, which check the signature and timestamp but extract nothing
 * (svix, {@code verifyHeader}) or parse the whole event ({@code constructEvent}).
 * <p>
 * The same body, a JSON event (a form for Twilio) padded to {@link Deliveries#size} bytes, is
 * signed once per trial with the current time, so every call verifies.
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
	public void receiverSlack(Deliveries deliveries, Blackhole blackhole) {
		blackhole.consume(deliveries.slack.verify());
	}

	@Benchmark
	public void receiverShopify(Deliveries deliveries, Blackhole blackhole) {
		blackhole.consume(deliveries.shopify.verify());
	}

	@Benchmark
	public void receiverTwilio(Deliveries deliveries, Blackhole blackhole) {
		blackhole.consume(deliveries.twilio.verify());
	}

	@Benchmark
	public void receiverStripeTypeLast(Deliveries deliveries, Blackhole blackhole) {
		blackhole.consume(deliveries.stripeTypeLast.verify());
	}

	@Benchmark
	public void receiverStripeWholeBody(Deliveries deliveries, Blackhole blackhole) {
		blackhole.consume(deliveries.stripe.verifyWholeBody());
	}

	@Benchmark
	public void receiverDiscord(Deliveries deliveries, Blackhole blackhole) {
		blackhole.consume(deliveries.discord.verify());
	}

	@Benchmark
	public void receiverHmac(Deliveries deliveries, Blackhole blackhole) {
		blackhole.consume(deliveries.hmac.verify());
	}

	@Benchmark
	public void peerSvixJavaVerify(Deliveries deliveries) throws Exception {
		// svix-java takes the body as a String, so the decoding is part of its cost
		deliveries.svixWebhook.verify(new String(deliveries.body, StandardCharsets.UTF_8), deliveries.svixHeaders);
	}

	@Benchmark
	public boolean peerStripeJavaVerifyHeader(Deliveries deliveries) throws Exception {
		return com.stripe.net.Webhook.Signature.verifyHeader(new String(deliveries.body, StandardCharsets.UTF_8),
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

		static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

		static final String OTHER_SECRET = "benchmark-only-secret";

		static final String URL = "https://hooks.example.com/webhooks/";

		@Param({ "1024", "65536" })
		public int size;

		byte[] body;

		ThreadLocal<Mac> mac;

		Verification github;

		Verification stripe;

		Verification stripeTypeLast;

		Verification svix;

		Verification slack;

		Verification shopify;

		Verification twilio;

		Verification discord;

		Verification hmac;

		com.svix.Webhook svixWebhook;

		Map<String, List<String>> svixHeaders;

		String stripeSignature;

		@Setup(Level.Trial)
		public void sign() throws Exception {
			String id = "evt_" + UUID.randomUUID().toString().replace("-", "");
			this.body = body(id, this.size);
			String now = Long.toString(System.currentTimeMillis() / 1000);
			Map<String, WebhookProvider> providers = BuiltInProviders.create(JsonMapper.builder().build())
				.stream()
				.collect(Collectors.toMap(WebhookProvider::name, (provider) -> provider));
			this.mac = ThreadLocal.withInitial(() -> mac("HmacSHA256", utf8(GITHUB_SECRET)));

			HttpHeaders github = new HttpHeaders();
			github.set("X-Hub-Signature-256", "sha256=" + hex(hmac(utf8(GITHUB_SECRET), this.body)));
			github.set("X-GitHub-Event", "issues");
			github.set("X-GitHub-Delivery", id);
			this.github = new Verification(providers.get("github"), endpoint("github", GITHUB_SECRET), github,
					this.body);

			this.stripeSignature = com.stripe.net.Webhook.Signature
				.generateSignatureHeader(new String(this.body, StandardCharsets.UTF_8), STRIPE_SECRET,
						Long.parseLong(now));
			HttpHeaders stripe = new HttpHeaders();
			stripe.set("Stripe-Signature", this.stripeSignature);
			this.stripe = new Verification(providers.get("stripe"), endpoint("stripe", STRIPE_SECRET), stripe,
					this.body);
			byte[] typeLast = typeLast(id, this.size);
			HttpHeaders stripeTypeLast = new HttpHeaders();
			stripeTypeLast.set("Stripe-Signature", com.stripe.net.Webhook.Signature
				.generateSignatureHeader(new String(typeLast, StandardCharsets.UTF_8), STRIPE_SECRET, Long.parseLong(now)));
			this.stripeTypeLast = new Verification(providers.get("stripe"), endpoint("stripe", STRIPE_SECRET),
					stripeTypeLast, typeLast);

			this.svixWebhook = new com.svix.Webhook(SVIX_SECRET);
			String svixSignature = this.svixWebhook.sign(id, Long.parseLong(now),
					new String(this.body, StandardCharsets.UTF_8));
			this.svixHeaders = Map.of("svix-id", List.of(id), "svix-timestamp", List.of(now), "svix-signature",
					List.of(svixSignature));
			HttpHeaders svix = new HttpHeaders();
			this.svixHeaders.forEach(svix::put);
			this.svix = new Verification(providers.get("svix"), endpoint("svix", SVIX_SECRET), svix, this.body);

			HttpHeaders slack = new HttpHeaders();
			slack.set("X-Slack-Request-Timestamp", now);
			slack.set("X-Slack-Signature",
					"v0=" + hex(hmac(utf8(SLACK_SECRET), utf8("v0:" + now + ":"), this.body)));
			this.slack = new Verification(providers.get("slack"), endpoint("slack", SLACK_SECRET), slack, this.body);

			HttpHeaders shopify = new HttpHeaders();
			shopify.set("X-Shopify-Hmac-Sha256",
					Base64.getEncoder().encodeToString(hmac(utf8(OTHER_SECRET), this.body)));
			shopify.set("X-Shopify-Topic", "orders/create");
			shopify.set("X-Shopify-Event-Id", id);
			this.shopify = new Verification(providers.get("shopify"), endpoint("shopify", OTHER_SECRET), shopify,
					this.body);

			byte[] form = form(this.size);
			HttpHeaders twilio = new HttpHeaders();
			twilio.set("Content-Type", "application/x-www-form-urlencoded");
			twilio.set("I-Twilio-Idempotency-Token", id);
			twilio.set("X-Twilio-Signature", Base64.getEncoder()
				.encodeToString(hmac("HmacSHA1", utf8(OTHER_SECRET), utf8(URL + "twilio" + twilioSigned(form)))));
			this.twilio = new Verification(providers.get("twilio"), endpoint("twilio", OTHER_SECRET), twilio, form);

			KeyPair keyPair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
			byte[] encoded = keyPair.getPublic().getEncoded();
			String publicKey = hex(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
			byte[] interaction = interaction(id, this.size);
			Signature signer = Signature.getInstance("Ed25519");
			signer.initSign(keyPair.getPrivate());
			signer.update(utf8(now));
			signer.update(interaction);
			HttpHeaders discord = new HttpHeaders();
			discord.set("X-Signature-Ed25519", hex(signer.sign()));
			discord.set("X-Signature-Timestamp", now);
			this.discord = new Verification(providers.get("discord"), endpoint("discord", publicKey), discord,
					interaction);

			HttpHeaders hmac = new HttpHeaders();
			hmac.set("X-Timestamp", now);
			hmac.set("X-Signature", "sha256=" + hex(hmac(utf8(OTHER_SECRET), utf8(now + "."), this.body)));
			this.hmac = new Verification(providers.get("hmac"),
					new WebhookEndpoint("hmac", "/webhooks/hmac", "hmac", List.of(OTHER_SECRET),
							Duration.ofMinutes(5),
							new SignatureSettings("X-Signature", "HmacSHA256", "hex", "sha256=", "{timestamp}.{body}"),
							"header:X-Timestamp", "json:/id", "json:/type"),
					hmac, this.body);
		}

		private static WebhookEndpoint endpoint(String name, String secret) {
			return new WebhookEndpoint(name, "/webhooks/" + name, name, List.of(secret), Duration.ofMinutes(5));
		}

		/**
		 * A JSON event with the fields every provider family reads at the start (Stripe's, Svix's,
		 * GitHub's, Slack's), padded to a size inside a nested object.
		 */
		static byte[] body(String id, int size) {
			return padded("{\"id\":\"" + id + "\",\"event_id\":\"" + id + "\",\"object\":\"event\","
					+ "\"type\":\"payment_intent.succeeded\",\"action\":\"opened\",\"created\":1767225600,"
					+ "\"data\":{\"object\":{\"id\":\"pi_1\",\"amount\":2000,\"note\":\"", "\"}}}", size);
		}

		/**
		 * A Stripe event in the order Stripe writes its fields: the id first, the type last, after
		 * the data, padded to a size inside the data.
		 */
		static byte[] typeLast(String id, int size) {
			return padded("{\"id\":\"" + id + "\",\"object\":\"event\",\"created\":1767225600,"
					+ "\"data\":{\"object\":{\"id\":\"pi_1\",\"amount\":2000,\"note\":\"",
					"\"}},\"livemode\":false,\"pending_webhooks\":1,\"type\":\"payment_intent.succeeded\"}", size);
		}

		/**
		 * A Discord application command interaction, its numeric type first, padded to a size.
		 */
		static byte[] interaction(String id, int size) {
			return padded("{\"id\":\"" + id + "\",\"type\":2,\"data\":{\"name\":\"deploy\",\"note\":\"", "\"}}", size);
		}

		/**
		 * A Twilio incoming message, form-encoded as Twilio encodes it, padded to a size.
		 */
		static byte[] form(int size) {
			return padded("AccountSid=AC0123&From=%2B15550001111&MessageSid=SM0123&SmsStatus=received&Body=", "",
					size);
		}

		private static String twilioSigned(byte[] form) {
			return Arrays.stream(new String(form, StandardCharsets.UTF_8).split("&"))
				.sorted()
				.map((pair) -> pair.replace("=", "").replace("%2B", "+"))
				.collect(Collectors.joining());
		}

		private static byte[] padded(String head, String tail, int size) {
			StringBuilder text = new StringBuilder(head);
			while (text.length() + tail.length() < size) {
				text.append('x');
			}
			return utf8(text.append(tail).toString());
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

		static byte[] hmac(byte[] key, byte[]... content) {
			return hmac("HmacSHA256", key, content);
		}

		static byte[] hmac(String algorithm, byte[] key, byte[]... content) {
			Mac mac = mac(algorithm, key);
			for (byte[] part : content) {
				mac.update(part);
			}
			return mac.doFinal();
		}

		static String hex(byte[] bytes) {
			return HexFormat.of().formatHex(bytes);
		}

		static byte[] utf8(String text) {
			return text.getBytes(StandardCharsets.UTF_8);
		}

	}

	/**
	 * A provider, an endpoint it validated, and a request it accepts.
	 */
	static final class Verification {

		private final WebhookProvider provider;

		private final WebhookEndpoint endpoint;

		private final String url;

		private final HttpHeaders headers;

		private final byte[] body;

		private final Clock clock = Clock.systemUTC();

		Verification(WebhookProvider provider, WebhookEndpoint endpoint, HttpHeaders headers, byte[] body) {
			this.provider = provider;
			this.endpoint = endpoint;
			provider.validate(this.endpoint);
			this.url = Deliveries.URL + endpoint.name();
			this.headers = headers;
			this.body = body;
			verify();
		}

		/**
		 * Verifies the delivery as a new request, as every delivery is: a request keeps what a
		 * provider parsed of its body, so verifying one request again would measure that once.
		 */
		Object verify() {
			return this.provider.verify(new WebhookRequest(this.url, this.headers, this.body), this.endpoint,
					this.clock);
		}

		/**
		 * Verifies the delivery as {@link #verify()} does, then reads the rest of its body, as the
		 * receiver does before it stores or dispatches a delivery: the whole cost of a delivery's
		 * body before its handlers.
		 */
		Object verifyWholeBody() {
			WebhookRequest request = new WebhookRequest(this.url, this.headers, this.body);
			Object delivery = this.provider.verify(request, this.endpoint, this.clock);
			request.requireWellFormedBody();
			return delivery;
		}

	}

}
