package dev.webhookreceiver.autoconfigure;

import java.time.Duration;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import dev.webhookreceiver.WebhookConfigurationException;
import dev.webhookreceiver.autoconfigure.WebhookReceiverProperties.EndpointProcessing;
import dev.webhookreceiver.autoconfigure.WebhookReceiverProperties.Processing;
import dev.webhookreceiver.process.ProcessingMode;
import dev.webhookreceiver.process.ProcessingSettings;

/**
 * Resolves the processing settings of an endpoint, each from
 * {@code webhook.receiver.endpoints.<name>.processing.*} or else
 * {@code webhook.receiver.processing.*}, and checks them, naming the property that is wrong.
 */
final class EndpointProcessingSettings {

	private static final String PREFIX = "webhook.receiver";

	private EndpointProcessingSettings() {
	}

	static ProcessingSettings of(WebhookReceiverProperties properties, String name, EndpointProcessing endpoint) {
		Processing global = properties.getProcessing();
		String endpointPrefix = PREFIX + ".endpoints." + name + ".processing.";
		Resolver resolver = new Resolver(endpointPrefix, PREFIX + ".processing.");
		ProcessingMode mode = resolver.value(endpoint.getMode(), global.getMode(), "mode");
		int maxAttempts = resolver.positive(endpoint.getMaxAttempts(), global.getMaxAttempts(), "max-attempts");
		Duration initialBackoff = resolver.positive(endpoint.getInitialBackoff(), global.getInitialBackoff(),
				"initial-backoff");
		Duration maxBackoff = resolver.positive(endpoint.getMaxBackoff(), global.getMaxBackoff(), "max-backoff");
		Duration lease = resolver.positive(endpoint.getLease(), global.getLease(), "lease");
		int concurrency = resolver.positive(endpoint.getConcurrency(), global.getConcurrency(), "concurrency");
		Duration pollInterval = resolver.positive(endpoint.getPollInterval(), global.getPollInterval(),
				"poll-interval");
		boolean retryFailed = resolver.value(endpoint.getRetryFailed(), global.isRetryFailed(), "retry-failed");
		if (maxBackoff.compareTo(initialBackoff) < 0) {
			throw new WebhookConfigurationException(
					resolver.property(endpoint.getMaxBackoff(), "max-backoff") + " (" + maxBackoff
							+ ") is shorter than " + resolver.property(endpoint.getInitialBackoff(), "initial-backoff")
							+ " (" + initialBackoff + ").",
					"Set max-backoff to at least initial-backoff.");
		}
		ProcessingSettings settings = new ProcessingSettings(mode, maxAttempts, initialBackoff, maxBackoff, lease,
				concurrency, pollInterval, retryFailed);
		if (settings.byWorkers() && !properties.getStore().isStorePayloads()) {
			String property = (mode == ProcessingMode.ASYNC) ? resolver.property(endpoint.getMode(), "mode")
					: resolver.property(endpoint.getRetryFailed(), "retry-failed");
			String value = (mode == ProcessingMode.ASYNC) ? "async" : "true";
			throw new WebhookConfigurationException(property + " is " + value + ", so workers process deliveries of "
					+ "webhook endpoint '" + name + "' from the store, but " + PREFIX
					+ ".store.store-payloads is false: their payloads would not be kept.",
					"Set " + PREFIX + ".store.store-payloads to true (the default), or process the endpoint's "
							+ "deliveries in sync mode without retry-failed.");
		}
		return settings;
	}

	/**
	 * Takes each value from the endpoint, or else the global one, and names the property it
	 * came from.
	 */
	private record Resolver(String endpointPrefix, String globalPrefix) {

		<T> T value(@Nullable T endpointValue, T globalValue, String name) {
			return (endpointValue != null) ? endpointValue : globalValue;
		}

		String property(@Nullable Object endpointValue, String name) {
			return ((endpointValue != null) ? this.endpointPrefix : this.globalPrefix) + name;
		}

		int positive(@Nullable Integer endpointValue, int globalValue, String name) {
			return check(endpointValue, globalValue, name, (value) -> value > 0,
					"Set a positive number.");
		}

		Duration positive(@Nullable Duration endpointValue, Duration globalValue, String name) {
			return check(endpointValue, globalValue, name, (value) -> !value.isNegative() && !value.isZero(),
					"Set a positive duration such as 10s.");
		}

		private <T> T check(@Nullable T endpointValue, T globalValue, String name, Predicate<T> valid,
				String action) {
			T value = value(endpointValue, globalValue, name);
			if (!valid.test(value)) {
				throw new WebhookConfigurationException(property(endpointValue, name) + " is " + value
						+ ", but it must be positive.", action);
			}
			return value;
		}

	}

}
