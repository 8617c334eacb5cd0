package dev.webhookreceiver.autoconfigure;

import dev.webhookreceiver.WebhookConfigurationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link WebhookConfigurationException} as Spring Boot's "APPLICATION FAILED TO
 * START" block, with the exception's description and action instead of a stack trace.
 */
class WebhookConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<WebhookConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, WebhookConfigurationException cause) {
		return new FailureAnalysis(cause.getDescription(), cause.getAction(), cause);
	}

}
