package dev.webhookreceiver.verify;

import java.time.Duration;
import java.util.List;

/**
 * The settings of one configured endpoint, as a provider sees them.
 *
 * @param name the endpoint name ({@code webhook.receiver.endpoints.<name>})
 * @param path the request path the endpoint is mapped to
 * @param provider the provider name
 * @param secrets the secrets, any of which may have signed a delivery
 * @param tolerance how far a delivery's timestamp may be from now, in either direction
 */
public record WebhookEndpoint(String name, String path, String provider, List<String> secrets, Duration tolerance) {

	public WebhookEndpoint {
		secrets = List.copyOf(secrets);
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

}
