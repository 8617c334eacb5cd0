package dev.webhookreceiver.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.webhookreceiver.WebhookConfigurationException;

/**
 * Refuses a {@code webhook.receiver} setting that holds a {@code ${...}} placeholder that did not
 * resolve, such as {@code ${GITHUB_WEBHOOK_SECRET}} with the variable not set: Spring leaves its
 * text in place, which would otherwise become a key anyone can sign with, a header name, a
 * signature prefix or a path. Messages name the property and the variable to set, never the
 * rest of the value.
 */
final class UnresolvedPlaceholders {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]*)");

	private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("[A-Z][A-Z0-9_]*");

	private static final String SETTING = "The receiver does not start rather than read the placeholder's text as "
			+ "the setting.";

	private UnresolvedPlaceholders() {
	}

	/**
	 * Whether a value holds a placeholder that did not resolve.
	 * @param value the value as bound
	 * @return whether it holds {@code ${}
	 */
	static boolean in(@Nullable String value) {
		return value != null && value.contains("${");
	}

	/**
	 * Fails if a setting holds a placeholder that did not resolve.
	 * @param property the property
	 * @param value its value, or {@code null} if not set
	 * @throws WebhookConfigurationException if it holds one
	 */
	static void check(String property, @Nullable String value) {
		if (in(value)) {
			throw unresolved(property, value);
		}
	}

	/**
	 * Fails if any entry of a list setting holds a placeholder that did not resolve.
	 * @param property the property
	 * @param values its values
	 * @throws WebhookConfigurationException if one holds one
	 */
	static void check(String property, List<String> values) {
		for (int i = 0; i < values.size(); i++) {
			check(property + "[" + i + "]", values.get(i));
		}
	}

	/**
	 * The startup failure of a setting whose placeholder did not resolve.
	 * @param property the property
	 * @param value its value, holding {@code ${}
	 * @return the exception to throw
	 */
	static WebhookConfigurationException unresolved(String property, String value) {
		return unresolved(property, value, SETTING, "");
	}

	/**
	 * The startup failure of a setting whose placeholder did not resolve.
	 * @param property the property
	 * @param value its value, holding {@code ${}
	 * @param consequence why the receiver does not start, for the description
	 * @param what what to set the variables to, for the action, such as {@code " to the
	 * signing secret"}, or empty
	 * @return the exception to throw
	 */
	static WebhookConfigurationException unresolved(String property, String value, String consequence,
			String what) {
		List<String> names = new ArrayList<>();
		Matcher matcher = PLACEHOLDER.matcher(value);
		while (matcher.find()) {
			names.add(matcher.group(1).strip());
		}
		String placeholders = String.join(", ", names.stream().map((name) -> "${" + name + "}").toList());
		String description = property + (value.equals(placeholders) ? " is " : " holds ") + placeholders + ", a placeholder that did not resolve: "
				+ String.join(" and ", names) + ((names.size() == 1) ? " is" : " are") + " not set. " + consequence;
		List<String> settings = names.stream().map(UnresolvedPlaceholders::howToSet).toList();
		return new WebhookConfigurationException(description,
				"Set " + String.join(" and ", settings) + what + ", then start the application again.");
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
	 */
	private static String environmentVariable(String name) {
		return name.toUpperCase(Locale.ROOT).replace('.', '_').replaceAll("[^A-Z0-9_]", "");
	}

}
