package dev.webhookreceiver.verify;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The settings of one configured endpoint, as a provider sees them.
 *
 * @param name the endpoint name ({@code webhook.receiver.endpoints.<name>})
 * @param path the request path the endpoint is mapped to
 * @param provider the provider name
 * @param secrets the secrets, any of which may have signed a delivery
 * @param tolerance how far a delivery's timestamp may be from now, in either direction
 * @param signature how a configurable ({@code hmac}) provider finds and checks the signature
 * @param timestamp where the timestamp is, for providers that let it be configured
 * ({@code header:NAME}), or {@code null}
 * @param deliveryId where the delivery id is, for providers that let it be configured
 * ({@code header:NAME}, {@code json:/pointer}, {@code xml:/pointer}, {@code form:NAME}), or
 * {@code null}
 * @param eventType where the event type is, for providers that let it be configured
 * ({@code header:NAME}, {@code json:/pointer}, {@code xml:/pointer}, {@code form:NAME},
 * {@code fixed:NAME}), or {@code null}
 * @param resolvesSecrets whether a {@link dev.webhookreceiver.WebhookSecretResolver} supplies the
 * secrets per request, so that the endpoint needs none configured
 */
public record WebhookEndpoint(String name, String path, String provider, List<String> secrets, Duration tolerance,
		SignatureSettings signature, @Nullable String timestamp, @Nullable String deliveryId,
		@Nullable String eventType, boolean resolvesSecrets) {

	public WebhookEndpoint {
		secrets = List.copyOf(secrets);
	}

	/**
	 * Creates the settings of an endpoint whose secrets are all configured.
	 * @param name the endpoint name
	 * @param path the request path
	 * @param provider the provider name
	 * @param secrets the secrets
	 * @param tolerance the timestamp tolerance
	 * @param signature how a configurable provider finds and checks the signature
	 * @param timestamp where the timestamp is, or {@code null}
	 * @param deliveryId where the delivery id is, or {@code null}
	 * @param eventType where the event type is, or {@code null}
	 */
	public WebhookEndpoint(String name, String path, String provider, List<String> secrets, Duration tolerance,
			SignatureSettings signature, @Nullable String timestamp, @Nullable String deliveryId,
			@Nullable String eventType) {
		this(name, path, provider, secrets, tolerance, signature, timestamp, deliveryId, eventType, false);
	}

	/**
	 * Creates the settings of an endpoint whose provider needs nothing configured beyond its
	 * secrets and tolerance.
	 * @param name the endpoint name
	 * @param path the request path
	 * @param provider the provider name
	 * @param secrets the secrets
	 * @param tolerance the timestamp tolerance
	 */
	public WebhookEndpoint(String name, String path, String provider, List<String> secrets, Duration tolerance) {
		this(name, path, provider, secrets, tolerance, SignatureSettings.DEFAULT, null, null, null, false);
	}

	/**
	 * These settings with other secrets, such as those a
	 * {@link dev.webhookreceiver.WebhookSecretResolver} supplies for one request.
	 * @param secrets the secrets
	 * @return the settings with those secrets, this instance if they are the same
	 */
	public WebhookEndpoint withSecrets(List<String> secrets) {
		if (secrets.equals(this.secrets)) {
			return this;
		}
		return new WebhookEndpoint(this.name, this.path, this.provider, secrets, this.tolerance, this.signature,
				this.timestamp, this.deliveryId, this.eventType, this.resolvesSecrets);
	}

	/**
	 * These settings with another timestamp tolerance.
	 * @param tolerance the tolerance
	 * @return the settings with that tolerance
	 */
	public WebhookEndpoint withTolerance(Duration tolerance) {
		return new WebhookEndpoint(this.name, this.path, this.provider, this.secrets, tolerance, this.signature,
				this.timestamp, this.deliveryId, this.eventType, this.resolvesSecrets);
	}

	/**
	 * The property prefix of this endpoint, for messages.
	 * @return {@code webhook.receiver.endpoints.<name>}
	 */
	public String propertyPrefix() {
		return "webhook.receiver.endpoints." + this.name;
	}

	@Override
	public String toString() {
		return "WebhookEndpoint[name=" + this.name + ", path=" + this.path + ", provider=" + this.provider
				+ ", secrets=" + this.secrets.size() + ", tolerance=" + this.tolerance + "]";
	}

	/**
	 * How a configurable provider finds and checks a signature.
	 *
	 * @param header the header that carries the signature, or {@code null} if not configured
	 * @param algorithm the JCA MAC algorithm: {@code HmacSHA1}, {@code HmacSHA256} or
	 * {@code HmacSHA512}
	 * @param encoding how the signature is encoded: {@code hex} or {@code base64}
	 * @param prefix what precedes the encoded signature in the header (stripped before decoding)
	 * @param signedContent the template of the signed bytes, of {@code {id}}, {@code {timestamp}},
	 * {@code {url}}, {@code {body}} and literal text
	 */
	public record SignatureSettings(@Nullable String header, String algorithm, String encoding, String prefix,
			String signedContent) {

		/** No header, HMAC-SHA256, hex, no prefix, the body alone signed. */
		public static final SignatureSettings DEFAULT = new SignatureSettings(null, "HmacSHA256", "hex", "", "{body}");

	}

}
