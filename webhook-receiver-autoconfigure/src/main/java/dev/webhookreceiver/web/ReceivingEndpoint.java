package dev.webhookreceiver.web;

import dev.webhookreceiver.verify.WebhookEndpoint;
import dev.webhookreceiver.verify.WebhookProvider;

/**
 * A configured endpoint with the provider that verifies its deliveries.
 *
 * @param settings the endpoint's settings
 * @param provider the provider named by the endpoint
 */
public record ReceivingEndpoint(WebhookEndpoint settings, WebhookProvider provider) {

	/**
	 * The endpoint name.
	 * @return the name
	 */
	public String name() {
		return this.settings.name();
	}

	/**
	 * The request path the endpoint is mapped to.
	 * @return the path
	 */
	public String path() {
		return this.settings.path();
	}

}
