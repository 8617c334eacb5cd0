package dev.webhookreceiver.autoconfigure;

import org.jspecify.annotations.Nullable;

import dev.webhookreceiver.WebhookConfigurationException;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Reports a {@code webhook.receiver} property that is not text, such as a {@code tolerance}
 * or an {@code encoding}, and could not be bound because it holds a placeholder that did not
 * resolve ({@code ${WEBHOOK_TOLERANCE}} with the variable not set), naming the variable to set,
 * as {@link UnresolvedPlaceholders} does for text properties. Ordered before Spring Boot's own
 * analyzer of bind failures, which reports only that the text is not a duration.
 */
class UnresolvedPlaceholderFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		ConfigurationProperty property = cause.getProperty();
		if (!WebhookPropertyNames.PREFIX.isAncestorOf(cause.getName()) || property == null
				|| !(property.getValue() instanceof String value) || !UnresolvedPlaceholders.in(value)) {
			return null;
		}
		WebhookConfigurationException failure = UnresolvedPlaceholders.unresolved(cause.getName().toString(),
				value);
		return new FailureAnalysis(failure.getDescription(), failure.getAction(), cause);
	}

	@Override
	public int getOrder() {
		return 0;
	}

}
