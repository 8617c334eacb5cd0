package dev.webhookreceiver.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]*)");

	private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("[A-Z][A-Z0-9_]*");

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
		if (secret.contains("${")) {
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
		List<String> names = new ArrayList<>();
		Matcher matcher = PLACEHOLDER.matcher(secret);
		while (matcher.find()) {
			names.add(matcher.group(1).strip());
		}
		String placeholders = String.join(", ", names.stream().map((name) -> "${" + name + "}").toList());
		String description = property + " is " + placeholders + ", a placeholder that did not resolve: "
				+ String.join(" and ", names) + ((names.size() == 1) ? " is" : " are") + " not set. The receiver "
				+ "does not start rather than use the placeholder's text as the key, which anyone could sign "
				+ "deliveries with.";
		List<String> settings = names.stream().map(ConfiguredSecrets::howToSet).toList();
		return new WebhookConfigurationException(description,
				"Set " + String.join(" and ", settings) + " to the signing secret that the sender shows, "
						+ "then start the application again.");
	}

	private static String howToSet(String name) {
		if (ENVIRONMENT_VARIABLE.matcher(name).matches()) {
			return "the environment variable " + name;
		}
		return "the property " + name + " (or the environment variable " + environmentVariable(name) + ")";
	}

	/**
	 * The environment variable that sets a property, as Spring Boot binds them: upper case,
	 * dots to underscores, dashes and brackets removed.
	 * @param name the property or endpoint name
	 * @return the environment variable
	 */
	static String environmentVariable(String name) {
		return name.toUpperCase(Locale.ROOT).replace('.', '_').replaceAll("[^A-Z0-9_]", "");
	}

}
