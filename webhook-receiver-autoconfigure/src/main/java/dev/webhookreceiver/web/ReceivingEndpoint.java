package dev.webhookreceiver.web;

import dev.webhookreceiver.process.ProcessingSettings;
import dev.webhookreceiver.verify.WebhookEndpoint;
import dev.webhookreceiver.verify.WebhookProvider;

/**
 * A configured endpoint with the provider that verifies its deliveries, how they are
 * processed, and which senders may send them.
 *
 * @param settings the endpoint's settings
 * @param provider the provider named by the endpoint
 * @param processing how the endpoint's deliveries are processed
 * @param allowedSources the addresses deliveries are accepted from
 */
public record ReceivingEndpoint(WebhookEndpoint settings, WebhookProvider provider, ProcessingSettings processing,
		AllowedSources allowedSources) {

	/**
	 * Creates an endpoint that accepts deliveries from any address.
	 * @param settings the endpoint's settings
	 * @param provider the provider named by the endpoint
	 * @param processing how the endpoint's deliveries are processed
	 */
	public ReceivingEndpoint(WebhookEndpoint settings, WebhookProvider provider, ProcessingSettings processing) {
		this(settings, provider, processing, AllowedSources.ANY);
	}

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
