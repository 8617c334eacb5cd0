package dev.webhookreceiver.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.webhookreceiver.autoconfigure.WebhookPropertyNames.Correction;

import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;

/**
 * Reports names under {@code webhook.receiver} that are not properties, such as
 * {@code tolerence} or {@code pth}, with the property each was probably meant to be, and
 * properties given an empty value, which Spring Boot binds to nothing: an unset
 * {@code ${VARIABLE:}} for a duration, say, which would otherwise be reported as unknown. Ordered
 * before Spring Boot's own analyzer of unbound properties, which names no correction. Values
 * are never shown: a misspelt {@code secret} holds a secret.
 */
class UnknownWebhookPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException>
		implements Ordered {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
		List<String> unknown = new ArrayList<>();
		List<String> corrections = new ArrayList<>();
		List<String> empty = new ArrayList<>();
		List<String> values = new ArrayList<>();
		for (ConfigurationProperty property : cause.getUnboundProperties()) {
			if (!WebhookPropertyNames.PREFIX.isAncestorOf(property.getName())) {
				return null;
			}
			Origin origin = property.getOrigin();
			String line = "    " + property.getName() + ((origin != null) ? " (from " + origin + ")" : "");
			Correction correction = WebhookPropertyNames.correct(property.getName());
			if (correction.known().equals(property.getName().toString())) {
				// a property, but its empty value (such as an unset ${VARIABLE:}) binds to nothing
				empty.add(line);
				values.add("    " + property.getName() + ": give it a value, or remove it to keep its default");
			}
			else {
				unknown.add(line);
				corrections.add("    " + action(property, correction));
			}
		}
		List<String> descriptions = new ArrayList<>();
		List<String> actions = new ArrayList<>();
		if (!unknown.isEmpty()) {
			String these = (unknown.size() == 1) ? "This name is" : "These names are";
			descriptions.add(these + " not webhook receiver properties, so their values would be ignored:\n\n"
					+ String.join("\n", unknown) + "\n");
			actions.add("Correct each name:\n\n" + String.join("\n", corrections));
		}
		if (!empty.isEmpty()) {
			String these = (empty.size() == 1) ? "This property is empty, so it" : "These properties are empty, so they";
			descriptions.add(these + " would not be set; often a placeholder such as ${VARIABLE:} whose variable "
					+ "is not set:\n\n" + String.join("\n", empty) + "\n");
			actions.add("Set each:\n\n" + String.join("\n", values));
		}
		return new FailureAnalysis(String.join("\n", descriptions), String.join("\n\n", actions)
				+ "\n\nThe properties are listed in docs/configuration.md, and your IDE completes them.", cause);
	}

	private static String action(ConfigurationProperty property, Correction correction) {
		if (correction.suggestion() != null) {
			return property.getName() + ": did you mean " + correction.suggestion() + "?";
		}
		if (!correction.properties().isEmpty()) {
			return property.getName() + ": " + correction.known() + " has the properties "
					+ String.join(", ", correction.properties());
		}
		return property.getName() + ": " + correction.known() + " takes a value and has no properties";
	}

	@Override
	public int getOrder() {
		return 0;
	}

}
