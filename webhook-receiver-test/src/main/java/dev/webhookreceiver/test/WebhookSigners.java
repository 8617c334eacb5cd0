package dev.webhookreceiver.test;

import java.security.PrivateKey;

/**
 * Signers of deliveries, one per built-in provider, each signing exactly as the provider
 * does, with the secret the endpoint is configured with:
 * <pre class="code">
 * SignedDelivery delivery = WebhookSigners.github("secret").event("issues").deliveryId("d-1")
 * 	.body("{\"action\":\"opened\"}").sign();
 * mockMvc.perform(WebhookRequests.post("/webhooks/github", delivery));
 * </pre>
 */
public final class WebhookSigners {

	private WebhookSigners() {
	}

	/**
	 * GitHub: {@code X-Hub-Signature-256}, {@code X-GitHub-Event} (default {@code issues}, with
	 * an {@code opened} issue as the default body), {@code X-GitHub-Delivery}.
	 * @param secret the webhook's secret
	 * @return the signer
	 */
	public static WebhookSigner github(String secret) {
		return new WebhookSigner(ProviderSchemes.gitHub(), secret, null);
	}

	/**
	 * Stripe: {@code Stripe-Signature: t=...,v1=...}; the event type (default
	 * {@code payment_intent.succeeded}) and the event id are the body's {@code type} and
	 * {@code id}.
	 * @param secret the endpoint's signing secret, {@code whsec_...}
	 * @return the signer
	 */
	public static WebhookSigner stripe(String secret) {
		return new WebhookSigner(ProviderSchemes.stripe(), secret, null);
	}

	/**
	 * Slack: {@code X-Slack-Signature: v0=...}, {@code X-Slack-Request-Timestamp}; the default
	 * body is an Events API {@code event_callback} with the event type (default
	 * {@code app_mention}) and {@code event_id}.
	 * @param secret the app's signing secret
	 * @return the signer
	 */
	public static WebhookSigner slack(String secret) {
		return new WebhookSigner(ProviderSchemes.slack(), secret, null);
	}

	/**
	 * Shopify: {@code X-Shopify-Hmac-Sha256}, {@code X-Shopify-Topic} (default
	 * {@code orders/create}), {@code X-Shopify-Event-Id}.
	 * @param secret the app's client secret
	 * @return the signer
	 */
	public static WebhookSigner shopify(String secret) {
		return new WebhookSigner(ProviderSchemes.shopify(), secret, null);
	}

	/**
	 * Standard Webhooks: {@code webhook-id}, {@code webhook-timestamp},
	 * {@code webhook-signature}; the event type (default {@code invoice.paid}) is the body's
	 * {@code type}. A {@code whsec_} secret signs {@code v1} (HMAC-SHA256), a {@code whsk_}
	 * signing key {@code v1a} (Ed25519, see {@link Ed25519Keys#standardWebhooksSigningSecret}).
	 * @param secret the {@code whsec_} secret or {@code whsk_} signing key
	 * @return the signer
	 */
	public static WebhookSigner standardWebhooks(String secret) {
		return new WebhookSigner(ProviderSchemes.standardWebhooks("Standard Webhooks", "webhook-"), secret, null);
	}

	/**
	 * Svix: as {@link #standardWebhooks(String)}, with {@code svix-id}, {@code svix-timestamp}
	 * and {@code svix-signature}.
	 * @param secret the {@code whsec_} secret or {@code whsk_} signing key
	 * @return the signer
	 */
	public static WebhookSigner svix(String secret) {
		return new WebhookSigner(ProviderSchemes.standardWebhooks("Svix", "svix-"), secret, null);
	}

	/**
	 * Twilio: {@code X-Twilio-Signature} over the URL and the form parameters (or, for a JSON
	 * body, over the URL with {@code bodySHA256} added, which {@link SignedDelivery#url()}
	 * then is); {@code I-Twilio-Idempotency-Token}. The default body is an incoming SMS whose
	 * {@code SmsStatus} is the event type (default {@code received}).
	 * @param authToken the account's auth token
	 * @param url the URL Twilio requests, as the application sees it (for MockMvc,
	 * {@code http://localhost/webhooks/twilio})
	 * @return the signer
	 */
	public static WebhookSigner twilio(String authToken, String url) {
		return new WebhookSigner(ProviderSchemes.twilio(), authToken, url);
	}

	/**
	 * GitLab: {@code X-Gitlab-Token}, {@code X-Gitlab-Event} (default {@code Issue Hook}),
	 * {@code Idempotency-Key} and {@code X-Gitlab-Event-UUID}.
	 * @param secret the webhook's secret token
	 * @return the signer
	 */
	public static WebhookSigner gitlab(String secret) {
		return new WebhookSigner(ProviderSchemes.gitLab(), secret, null);
	}

	/**
	 * Paddle Billing: {@code Paddle-Signature: ts=...;h1=...}; the event type (default
	 * {@code transaction.completed}) and the delivery id are the body's {@code event_type} and
	 * {@code notification_id}.
	 * @param secret the notification destination's secret key
	 * @return the signer
	 */
	public static WebhookSigner paddle(String secret) {
		return new WebhookSigner(ProviderSchemes.paddle(), secret, null);
	}

	/**
	 * Square: {@code x-square-hmacsha256-signature} over the notification URL and the body;
	 * the event type (default {@code payment.updated}) and the delivery id are the body's
	 * {@code type} and {@code event_id}.
	 * @param signatureKey the subscription's signature key
	 * @param url the notification URL, as the application sees it
	 * @return the signer
	 */
	public static WebhookSigner square(String signatureKey, String url) {
		return new WebhookSigner(ProviderSchemes.square(), signatureKey, url);
	}

	/**
	 * Linear: {@code Linear-Signature}, {@code Linear-Event} (default {@code Issue}),
	 * {@code Linear-Delivery}; the timestamp is the body's {@code webhookTimestamp}.
	 * @param secret the webhook's signing secret
	 * @return the signer
	 */
	public static WebhookSigner linear(String secret) {
		return new WebhookSigner(ProviderSchemes.linear(), secret, null);
	}

	/**
	 * Zoom: {@code x-zm-signature: v0=...}, {@code x-zm-request-timestamp}; the event type
	 * (default {@code meeting.started}) is the body's {@code event}. Zoom sends no delivery
	 * id.
	 * @param secret the app's secret token
	 * @return the signer
	 */
	public static WebhookSigner zoom(String secret) {
		return new WebhookSigner(ProviderSchemes.zoom(), secret, null);
	}

	/**
	 * Discord interactions: {@code X-Signature-Ed25519} and {@code X-Signature-Timestamp}; the
	 * event type (default {@code 2}, an application command) and the id are the body's
	 * {@code type} and {@code id}. The endpoint's secret is the public key in hex
	 * ({@link Ed25519Keys#publicKeyHex}).
	 * @param privateKey the application's Ed25519 private key
	 * @return the signer
	 */
	public static WebhookSigner discord(PrivateKey privateKey) {
		return new WebhookSigner(ProviderSchemes.discord(privateKey), null, null);
	}

	/**
	 * A sender that signs with an HMAC as an endpoint of the {@code hmac} provider is
	 * configured; the default event type is {@code test.event}.
	 * @param settings the secret and how it signs
	 * @return the signer
	 */
	public static WebhookSigner hmac(HmacSettings settings) {
		return new WebhookSigner(ProviderSchemes.hmac(settings), settings.secret(), null);
	}

}
