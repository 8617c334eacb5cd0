package dev.webhookreceiver.verify;

import java.util.List;

/**
 * The configured secrets of an endpoint, and the startup failures for secrets a provider
 * cannot use. Messages name the property and never contain a secret.
 */
final class EndpointSecrets {

	private EndpointSecrets() {
	}

	/**
	 * The secrets to try, without empty entries (such as an unset {@code ${OLD_SECRET:}}
	 * placeholder kept for rotation).
	 * @param endpoint the endpoint
	 * @return the non-empty secrets, in configured order
	 */
	static List<String> of(WebhookEndpoint endpoint) {
		return endpoint.secrets().stream().filter((secret) -> !secret.isEmpty()).toList();
	}

	/**
	 * Fails unless the endpoint has at least one non-empty secret.
	 * @param endpoint the endpoint
	 * @param origin where the user finds the secret, for the message
	 * @return the non-empty secrets
	 * @throws IllegalStateException if there is none
	 */
	static List<String> require(WebhookEndpoint endpoint, String origin) {
		List<String> secrets = of(endpoint);
		if (secrets.isEmpty()) {
			throw new IllegalStateException("No secret is configured for webhook endpoint '" + endpoint.name()
					+ "'. Set " + endpoint.propertyPrefix() + ".secret to " + origin + ".");
		}
		return secrets;
	}

	/**
	 * The startup failure for a secret that has the wrong form.
	 * @param endpoint the endpoint
	 * @param problem what is wrong with the secret, without the secret itself
	 * @param fix how to fix it
	 * @return the exception to throw
	 */
	static IllegalStateException invalid(WebhookEndpoint endpoint, String problem, String fix) {
		return new IllegalStateException("Invalid secret for webhook endpoint '" + endpoint.name() + "' ("
				+ endpoint.propertyPrefix() + ".secret): " + problem + ". " + fix);
	}

}
