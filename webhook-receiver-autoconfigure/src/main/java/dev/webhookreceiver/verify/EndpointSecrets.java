package dev.webhookreceiver.verify;

import java.util.List;

import dev.webhookreceiver.WebhookConfigurationException;

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
	 * @return the non-empty secrets, empty if a resolver supplies them
	 * @throws WebhookConfigurationException if there is none
	 */
	static List<String> require(WebhookEndpoint endpoint, String origin) {
		return require(endpoint, origin, 1, "");
	}

	/**
	 * Fails unless the endpoint has at least one non-empty secret, or a
	 * {@link dev.webhookreceiver.WebhookSecretResolver} supplies them, and every configured
	 * secret is at least as long as the provider's senders make them.
	 * @param endpoint the endpoint
	 * @param origin where the user finds the secret, for the message
	 * @param minimumLength the length of the shortest secret the senders issue
	 * @param form what the senders' secrets look like, for the message
	 * @return the non-empty secrets
	 * @throws WebhookConfigurationException if there is none, or one is too short
	 */
	static List<String> require(WebhookEndpoint endpoint, String origin, int minimumLength, String form) {
		List<String> secrets = of(endpoint);
		if (secrets.isEmpty() && !endpoint.resolvesSecrets()) {
			throw new WebhookConfigurationException(
					"No secret is configured for webhook endpoint '" + endpoint.name() + "'.",
					"Set " + endpoint.propertyPrefix() + ".secret to " + origin + ".");
		}
		for (String secret : secrets) {
			if (secret.length() < minimumLength) {
				throw invalid(endpoint, "it has " + secret.length() + " characters, but " + form + " (at least "
						+ minimumLength + " characters)", "Copy " + origin + " whole.");
			}
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
	static WebhookConfigurationException invalid(WebhookEndpoint endpoint, String problem, String fix) {
		return new WebhookConfigurationException("Invalid secret for webhook endpoint '" + endpoint.name() + "' ("
				+ endpoint.propertyPrefix() + ".secret): " + problem + ".", fix);
	}

}
