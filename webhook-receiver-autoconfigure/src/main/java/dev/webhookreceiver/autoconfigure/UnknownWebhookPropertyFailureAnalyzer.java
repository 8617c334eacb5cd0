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
 * {@code tolerence} or {@code pth}, with the property each was probably meant to be. Ordered
 * before Spring Boot's own analyzer of unbound properties, which names no correction. Values
 * are never shown: a misspelt {@code secret} holds a secret.
 */
class UnknownWebhookPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException>
		implements Ordered {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
		List<String> descriptions = new ArrayList<>();
		List<String> actions = new ArrayList<>();
		for (ConfigurationProperty property : cause.getUnboundProperties()) {
			if (!WebhookPropertyNames.PREFIX.isAncestorOf(property.getName())) {
				return null;
			}
			Origin origin = property.getOrigin();
			descriptions.add("    " + property.getName() + ((origin != null) ? " (from " + origin + ")" : ""));
			actions.add("    " + action(property, WebhookPropertyNames.correct(property.getName())));
		}
		String these = (descriptions.size() == 1) ? "This name is" : "These names are";
		return new FailureAnalysis(these + " not webhook receiver properties, so their values would be ignored:\n\n"
				+ String.join("\n", descriptions) + "\n",
				"Correct each name:\n\n" + String.join("\n", actions) + "\n\nThe properties are listed in "
						+ "docs/configuration.md, and your IDE completes them.",
				cause);
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
