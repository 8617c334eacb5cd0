package dev.webhookreceiver.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.webhookreceiver.WebhookConfigurationException;
import dev.webhookreceiver.autoconfigure.WebhookReceiverProperties.Endpoint;

/**
 * Reads an endpoint's {@code secret} and {@code secrets}, refusing values that cannot be the
 * secret the user meant: an unresolved {@code ${...}} placeholder (whose literal text would
 * otherwise become a key anyone can sign with), a blank value, or one with whitespace around
 * it. Messages name the property and the variable to set, never the value.
 */
final class ConfiguredSecrets {

	private ConfiguredSecrets() {
	}

	/**
	 * The secrets of an endpoint, {@code secret} first, without empty entries (such as an
	 * unset {@code ${OLD_SECRET:}} kept for a rotation) and duplicates.
	 * @param prefix the endpoint's property prefix
	 * @param endpoint the endpoint's properties
	 * @return the secrets, in configured order
	 * @throws WebhookConfigurationException if a secret is an unresolved placeholder, blank,
	 * or has whitespace around it
	 */
	static List<String> of(String prefix, Endpoint endpoint) {
		Set<String> secrets = new LinkedHashSet<>();
		add(secrets, prefix + ".secret", endpoint.getSecret());
		List<String> list = endpoint.getSecrets();
		for (int i = 0; i < list.size(); i++) {
			add(secrets, prefix + ".secrets[" + i + "]", list.get(i));
		}
		return new ArrayList<>(secrets);
	}

	private static void add(Set<String> secrets, String property, @Nullable String secret) {
		if (secret == null || secret.isEmpty()) {
			return;
		}
		if (UnresolvedPlaceholders.in(secret)) {
			throw unresolved(property, secret);
		}
		if (secret.isBlank()) {
			throw new WebhookConfigurationException(property + " is blank: it holds only whitespace.",
					"Set it to the signing secret that the sender shows, or remove it.");
		}
		if (!secret.strip().equals(secret)) {
			throw new WebhookConfigurationException(property + " starts or ends with whitespace, often a line break "
					+ "copied or read from a file with the secret. Senders sign with the secret as they show it, "
					+ "so no delivery would verify.", "Remove the whitespace around the secret.");
		}
		secrets.add(secret);
	}

	private static WebhookConfigurationException unresolved(String property, String secret) {
		return UnresolvedPlaceholders.unresolved(property, secret, "The receiver does not start rather than use the "
				+ "placeholder's text as the key, which anyone could sign deliveries with.",
				" to the signing secret that the sender shows");
	}

}
