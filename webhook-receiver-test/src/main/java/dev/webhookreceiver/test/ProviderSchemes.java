package dev.webhookreceiver.test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import dev.webhookreceiver.test.SigningScheme.Value;

import static dev.webhookreceiver.test.Crypto.base64;
import static dev.webhookreceiver.test.Crypto.hex;
import static dev.webhookreceiver.test.Crypto.hmacSha256;
import static dev.webhookreceiver.test.Crypto.utf8;
import static dev.webhookreceiver.test.WebhookSigner.values;

/**
 * The signing schemes of the built-in providers, written from the providers' documentation
 * (see {@code docs/providers.md}) and checked against the senders' known-answer vectors.
 */
final class ProviderSchemes {

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	private static final SecureRandom random = new SecureRandom();

	private ProviderSchemes() {
	}

	static SigningScheme gitHub() {
		return new Scheme("GitHub", "issues", ProviderSchemes::uuid, values(), values(Value.TIMESTAMP)) {

			@Override
			public byte[] defaultBody(String event, String deliveryId, Instant timestamp) {
				return event.equals("issues") ? json("action", "opened", "issue",
						Map.of("number", 1, "title", "Test issue", "state", "open")) : json();
			}

			@Override
			public @Nullable String sign(UnsignedDelivery delivery, HttpHeaders headers) {
				headers.set("X-GitHub-Event", delivery.event());
				headers.set("X-GitHub-Delivery", delivery.deliveryId());
				headers.set("X-Hub-Signature-256", "sha256=" + hex(hmacSha256(delivery.requireSecret(), delivery.body())));
				return null;
			}

		};
	}

	static SigningScheme stripe() {
		return new Scheme("Stripe", "payment_intent.succeeded", () -> "evt_" + token(24),
				values(Value.EVENT, Value.DELIVERY_ID), values()) {

			@Override
			public byte[] defaultBody(String event, String deliveryId, Instant timestamp) {
				return json("id", deliveryId, "object", "event", "type", event, "created", timestamp.getEpochSecond(),
						"data", Map.of("object", Map.of()));
			}

			@Override
			public @Nullable String sign(UnsignedDelivery delivery, HttpHeaders headers) {
				String timestamp = delivery.epochSeconds();
				byte[] signature = hmacSha256(delivery.requireSecret(), utf8(timestamp + "."), delivery.body());
				headers.set("Stripe-Signature", "t=" + timestamp + ",v1=" + hex(signature));
				return null;
			}

		};
	}

	static SigningScheme slack() {
		return new V0Scheme("Slack", "app_mention", () -> "Ev" + token(10).toUpperCase(Locale.ROOT),
				values(Value.EVENT, Value.DELIVERY_ID), values(), "X-Slack-Signature", "X-Slack-Request-Timestamp") {

			@Override
			public byte[] defaultBody(String event, String deliveryId, Instant timestamp) {
				return json("type", "event_callback", "event_id", deliveryId, "event_time", timestamp.getEpochSecond(),
						"event", Map.of("type", event));
			}

		};
	}

	static SigningScheme zoom() {
		return new V0Scheme("Zoom", "meeting.started", ProviderSchemes::uuid, values(Value.EVENT),
				values(Value.DELIVERY_ID), "x-zm-signature", "x-zm-request-timestamp") {

			@Override
			public byte[] defaultBody(String event, String deliveryId, Instant timestamp) {
				// Zoom's delivery id is the SHA-256 of the body: a fresh uuid keeps two bodies apart.
				return json("event", event, "event_ts", timestamp.toEpochMilli(), "payload",
						Map.of("object", Map.of("uuid", deliveryId)));
			}

		};
	}

	static SigningScheme shopify() {
		return new Scheme("Shopify", "orders/create", ProviderSchemes::uuid, values(), values(Value.TIMESTAMP)) {

			@Override
			public byte[] defaultBody(String event, String deliveryId, Instant timestamp) {
				return json("id", Math.abs(random.nextLong()), "name", "#1001", "created_at", timestamp.toString());
			}

			@Override
			public @Nullable String sign(UnsignedDelivery delivery, HttpHeaders headers) {
				headers.set("X-Shopify-Topic", delivery.event());
				headers.set("X-Shopify-Event-Id", delivery.deliveryId());
				headers.set("X-Shopify-Webhook-Id", uuid());
				headers.set("X-Shopify-Hmac-Sha256", base64(hmacSha256(delivery.requireSecret(), delivery.body())));
				return null;
			}

		};
	}

	static SigningScheme standardWebhooks(String provider, String headerPrefix) {
		return new Scheme(provider, "invoice.paid", () -> "msg_" + token(24), values(Value.EVENT), values()) {

			@Override
			public byte[] defaultBody(String event, String deliveryId, Instant timestamp) {
				return json("type", event, "timestamp", timestamp.toString(), "data", Map.of());
			}

			@Override
			public @Nullable String sign(UnsignedDelivery delivery, HttpHeaders headers) {
				String secret = delivery.requireSecret();
				byte[][] content = { utf8(delivery.deliveryId() + "." + delivery.epochSeconds() + "."),
						delivery.body() };
				String signature;
				if (secret.startsWith("whsk_")) {
					byte[] seed = Arrays.copyOf(Base64.getDecoder().decode(secret.substring(5)), 32);
					signature = "v1a," + base64(Crypto.ed25519(Ed25519Keys.privateKey(seed), content));
				}
				else {
					String key = secret.startsWith("whsec_") ? secret.substring(6) : secret;
					signature = "v1," + base64(Crypto.hmac("HmacSHA256", Base64.getDecoder().decode(key), content));
				}
				headers.set(headerPrefix + "id", delivery.deliveryId());
				headers.set(headerPrefix + "timestamp", delivery.epochSeconds());
				headers.set(headerPrefix + "signature", signature);
				return null;
			}

		};
	}

	static SigningScheme twilio() {
		return new Scheme("Twilio", "received", ProviderSchemes::uuid, values(Value.EVENT), values(Value.TIMESTAMP)) {

			@Override
			public byte[] defaultBody(String event, String deliveryId, Instant timestamp) {
				String sid = token(32);
				return WebhookSigner.formBody(List.of(Map.entry("MessageSid", "SM" + sid), Map.entry("SmsSid", "SM" + sid),
						Map.entry("AccountSid", "AC" + token(32)), Map.entry("From", "+15005550006"),
						Map.entry("To", "+15005550001"), Map.entry("Body", "Hello from a test"),
						Map.entry("NumMedia", "0"), Map.entry("SmsStatus", event)));
			}

			@Override
			public MediaType defaultContentType() {
				return MediaType.APPLICATION_FORM_URLENCODED;
			}

			@Override
			public @Nullable String sign(UnsignedDelivery delivery, HttpHeaders headers) {
				String url = delivery.requireUrl(provider());
				StringBuilder signed = new StringBuilder();
				if (MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(delivery.contentType())) {
					signed.append(url);
					formParameters(delivery.body())
						.forEach((name, values) -> values.stream().sorted().forEach((value) -> signed.append(name).append(value)));
				}
				else {
					if (!url.contains("bodySHA256=")) {
						url += (url.contains("?") ? "&" : "?") + "bodySHA256=" + Crypto.sha256Hex(delivery.body());
					}
					signed.append(url);
				}
				byte[] signature = Crypto.hmac("HmacSHA1", utf8(delivery.requireSecret()), utf8(signed.toString()));
				headers.set("X-Twilio-Signature", base64(signature));
				headers.set("I-Twilio-Idempotency-Token", delivery.deliveryId());
				return url;
			}

		};
	}

	static SigningScheme gitLab() {
		return new Scheme("GitLab", "Issue Hook", ProviderSchemes::uuid, values(), values(Value.TIMESTAMP)) {

			@Override
			public byte[] defaultBody(String event, String deliveryId, Instant timestamp) {
				return json("object_kind", "issue", "event_type", "issue", "object_attributes",
						Map.of("iid", 1, "title", "Test issue", "action", "open"));
			}

			@Override
			public @Nullable String sign(UnsignedDelivery delivery, HttpHeaders headers) {
				headers.set("X-Gitlab-Event", delivery.event());
				headers.set("Idempotency-Key", delivery.deliveryId());
				headers.set("X-Gitlab-Event-UUID", delivery.deliveryId());
				headers.set("X-Gitlab-Token", delivery.requireSecret());
				return null;
			}

		};
	}

	static SigningScheme paddle() {
		return new Scheme("Paddle", "transaction.completed", () -> "ntf_" + token(26),
				values(Value.EVENT, Value.DELIVERY_ID), values()) {

			@Override
			public byte[] defaultBody(String event, String deliveryId, Instant timestamp) {
				return json("event_id", "evt_" + token(26), "event_type", event, "occurred_at", timestamp.toString(),
						"notification_id", deliveryId, "data", Map.of());
			}

			@Override
			public @Nullable String sign(UnsignedDelivery delivery, HttpHeaders headers) {
				String timestamp = delivery.epochSeconds();
				byte[] signature = hmacSha256(delivery.requireSecret(), utf8(timestamp + ":"), delivery.body());
				headers.set("Paddle-Signature", "ts=" + timestamp + ";h1=" + hex(signature));
				return null;
			}

		};
	}

	static SigningScheme square() {
		return new Scheme("Square", "payment.updated", ProviderSchemes::uuid, values(Value.EVENT, Value.DELIVERY_ID),
				values(Value.TIMESTAMP)) {

			@Override
			public byte[] defaultBody(String event, String deliveryId, Instant timestamp) {
				return json("merchant_id", "TESTMERCHANT", "type", event, "event_id", deliveryId, "created_at",
						timestamp.toString(), "data", Map.of());
			}

			@Override
			public @Nullable String sign(UnsignedDelivery delivery, HttpHeaders headers) {
				String url = delivery.requireUrl(provider());
				headers.set("x-square-hmacsha256-signature",
						base64(hmacSha256(delivery.requireSecret(), utf8(url), delivery.body())));
				return url;
			}

		};
	}

	static SigningScheme linear() {
		return new Scheme("Linear", "Issue", ProviderSchemes::uuid, values(Value.TIMESTAMP), values()) {

			@Override
			public byte[] defaultBody(String event, String deliveryId, Instant timestamp) {
				return json("action", "create", "type", event, "data", Map.of("id", uuid(), "title", "Test issue"),
						"webhookTimestamp", timestamp.toEpochMilli());
			}

			@Override
			public @Nullable String sign(UnsignedDelivery delivery, HttpHeaders headers) {
				headers.set("Linear-Delivery", delivery.deliveryId());
				headers.set("Linear-Event", delivery.event());
				headers.set("Linear-Signature", hex(hmacSha256(delivery.requireSecret(), delivery.body())));
				return null;
			}

		};
	}

	static SigningScheme discord(PrivateKey privateKey) {
		return new Scheme("Discord", "2", () -> Long.toString(Math.abs(random.nextLong())),
				values(Value.EVENT, Value.DELIVERY_ID), values()) {

			@Override
			public byte[] defaultBody(String event, String deliveryId, Instant timestamp) {
				Object type = event.chars().allMatch(Character::isDigit) ? Long.valueOf(event) : event;
				return json("type", type, "id", deliveryId, "application_id", "123456789012345678", "token",
						"test-interaction-token", "version", 1, "data", Map.of("id", "1", "name", "test", "type", 1));
			}

			@Override
			public @Nullable String sign(UnsignedDelivery delivery, HttpHeaders headers) {
				String timestamp = delivery.epochSeconds();
				headers.set("X-Signature-Timestamp", timestamp);
				headers.set("X-Signature-Ed25519", hex(Crypto.ed25519(privateKey, utf8(timestamp), delivery.body())));
				return null;
			}

		};
	}

	static SigningScheme hmac(HmacSettings settings) {
		Set<Value> inBody = values();
		if (settings.eventTypeHeader() == null) {
			inBody.add(Value.EVENT);
		}
		if (settings.deliveryIdHeader() == null) {
			inBody.add(Value.DELIVERY_ID);
		}
		Set<Value> unsent = (settings.timestampHeader() != null) ? values() : values(Value.TIMESTAMP);
		return new Scheme("The hmac provider", "test.event", ProviderSchemes::uuid, inBody, unsent) {

			@Override
			public byte[] defaultBody(String event, String deliveryId, Instant timestamp) {
				return json("id", deliveryId, "type", event, "data", Map.of());
			}

			@Override
			public @Nullable String sign(UnsignedDelivery delivery, HttpHeaders headers) {
				String url = settings.signedContent().contains("{url}") ? delivery.requireUrl(provider()) : null;
				List<byte[]> content = new ArrayList<>();
				String template = settings.signedContent();
				int start = 0;
				while (start < template.length()) {
					int open = template.indexOf('{', start);
					int close = (open != -1) ? template.indexOf('}', open) : -1;
					if (close == -1) {
						content.add(utf8(template.substring(start)));
						break;
					}
					content.add(utf8(template.substring(start, open)));
					String placeholder = template.substring(open, close + 1);
					content.add(switch (placeholder) {
						case "{id}" -> utf8(delivery.deliveryId());
						case "{timestamp}" -> utf8(delivery.epochSeconds());
						case "{url}" -> utf8(delivery.requireUrl(provider()));
						case "{body}" -> delivery.body();
						default -> throw new IllegalStateException(
								"Unknown placeholder " + placeholder + " in '" + template + "'");
					});
					start = close + 1;
				}
				byte[] signature = Crypto.hmac(settings.algorithm(), utf8(delivery.requireSecret()),
						content.toArray(new byte[0][]));
				headers.set(settings.header(), settings.prefix()
						+ (settings.encoding().equalsIgnoreCase("base64") ? base64(signature) : hex(signature)));
				setIfNamed(headers, settings.timestampHeader(), delivery.epochSeconds());
				setIfNamed(headers, settings.deliveryIdHeader(), delivery.deliveryId());
				setIfNamed(headers, settings.eventTypeHeader(), delivery.event());
				return url;
			}

			private static void setIfNamed(HttpHeaders headers, @Nullable String name, String value) {
				if (name != null) {
					headers.set(name, value);
				}
			}

		};
	}

	/**
	 * The form parameters of a body, decoded and sorted by name, as Twilio signs them.
	 */
	private static Map<String, List<String>> formParameters(byte[] body) {
		Map<String, List<String>> parameters = new TreeMap<>();
		String form = new String(body, StandardCharsets.UTF_8);
		for (String parameter : form.isEmpty() ? new String[0] : form.split("&")) {
			int equals = parameter.indexOf('=');
			String name = (equals != -1) ? parameter.substring(0, equals) : parameter;
			String value = (equals != -1) ? parameter.substring(equals + 1) : "";
			parameters.computeIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), (key) -> new ArrayList<>())
				.add(URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		return parameters;
	}

	private static byte[] json(Object... namesAndValues) {
		Map<Object, Object> object = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			object.put(namesAndValues[i], namesAndValues[i + 1]);
		}
		return jsonMapper.writeValueAsBytes(object);
	}

	private static String uuid() {
		return UUID.randomUUID().toString();
	}

	private static String token(int length) {
		String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
		StringBuilder token = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			token.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return token.toString();
	}

	/**
	 * What every scheme has: its name, its default event type, its ids, and where it sends
	 * its values.
	 */
	private abstract static class Scheme implements SigningScheme {

		private final String provider;

		private final String defaultEvent;

		private final Supplier<String> deliveryIds;

		private final Set<Value> inBody;

		private final Set<Value> unsent;

		Scheme(String provider, String defaultEvent, Supplier<String> deliveryIds, Set<Value> inBody,
				Set<Value> unsent) {
			this.provider = provider;
			this.defaultEvent = defaultEvent;
			this.deliveryIds = deliveryIds;
			this.inBody = inBody;
			this.unsent = unsent;
		}

		@Override
		public String provider() {
			return this.provider;
		}

		@Override
		public String defaultEvent() {
			return this.defaultEvent;
		}

		@Override
		public String newDeliveryId() {
			return this.deliveryIds.get();
		}

		@Override
		public Set<Value> inBody() {
			return this.inBody;
		}

		@Override
		public Set<Value> unsent() {
			return this.unsent;
		}

	}

	/**
	 * The {@code v0=<hex HMAC-SHA256 of "v0:" + timestamp + ":" + body>} scheme of Slack and
	 * Zoom.
	 */
	private abstract static class V0Scheme extends Scheme {

		private final String signatureHeader;

		private final String timestampHeader;

		V0Scheme(String provider, String defaultEvent, Supplier<String> deliveryIds, Set<Value> inBody,
				Set<Value> unsent, String signatureHeader, String timestampHeader) {
			super(provider, defaultEvent, deliveryIds, inBody, unsent);
			this.signatureHeader = signatureHeader;
			this.timestampHeader = timestampHeader;
		}

		@Override
		public @Nullable String sign(UnsignedDelivery delivery, HttpHeaders headers) {
			String timestamp = delivery.epochSeconds();
			byte[] signature = hmacSha256(delivery.requireSecret(), utf8("v0:" + timestamp + ":"), delivery.body());
			headers.set(this.timestampHeader, timestamp);
			headers.set(this.signatureHeader, "v0=" + hex(signature));
			return null;
		}

	}

}
