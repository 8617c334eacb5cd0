package dev.webhookreceiver.web;

import dev.webhookreceiver.process.ProcessingSettings;
import dev.webhookreceiver.verify.WebhookEndpoint;
import dev.webhookreceiver.verify.WebhookProvider;

/**
 * A configured endpoint with the provider that verifies its deliveries and how they are
 * processed.
 *
 * @param settings the endpoint's settings
 * @param provider the provider named by the endpoint
 * @param processing how the endpoint's deliveries are processed
 */
public record ReceivingEndpoint(WebhookEndpoint settings, WebhookProvider provider, ProcessingSettings processing) {

	/**
	 * Creates an endpoint processed with the {@linkplain ProcessingSettings#DEFAULT defaults}.
	 * @param settings the endpoint's settings
	 * @param provider the provider named by the endpoint
	 */
	public ReceivingEndpoint(WebhookEndpoint settings, WebhookProvider provider) {
		this(settings, provider, ProcessingSettings.DEFAULT);
	}

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
