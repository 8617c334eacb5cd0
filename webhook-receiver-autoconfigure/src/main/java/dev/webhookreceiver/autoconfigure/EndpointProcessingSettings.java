package dev.webhookreceiver.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import dev.webhookreceiver.WebhookConfigurationException;
import dev.webhookreceiver.autoconfigure.WebhookReceiverProperties.EndpointProcessing;
import dev.webhookreceiver.autoconfigure.WebhookReceiverProperties.Processing;
import dev.webhookreceiver.process.ProcessingMode;
import dev.webhookreceiver.process.ProcessingSettings;
import dev.webhookreceiver.store.DeliveryStore;

/**
 * Resolves the processing settings of an endpoint, each from
 * {@code webhook.receiver.endpoints.<name>.processing.*} or else
 * {@code webhook.receiver.processing.*}, and checks them, naming the property that is wrong;
 * and checks that the delivery store supports the workers that the settings call for.
 */
final class EndpointProcessingSettings {

	private static final String PREFIX = "webhook.receiver";

	private static final String SYNC_WITHOUT_RETRIES = "process the endpoint's deliveries in sync mode without "
			+ "retry-failed";

	private EndpointProcessingSettings() {
	}

	static ProcessingSettings of(WebhookReceiverProperties properties, String name, EndpointProcessing endpoint) {
		Processing global = properties.getProcessing();
		Resolver resolver = Resolver.of(name);
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
			throw new WebhookConfigurationException(byWorkers(name, mode, endpoint) + ", but " + PREFIX
					+ ".store.store-payloads is false: their payloads would not be kept.",
					"Set " + PREFIX + ".store.store-payloads to true (the default), or " + SYNC_WITHOUT_RETRIES + ".");
		}
		return settings;
	}

	/**
	 * Checks that the delivery store supports what the workers of the endpoints they process
	 * need, so that a store without async support fails the start, not the first delivery.
	 * @param properties the receiver's properties
	 * @param byWorkers the endpoints whose deliveries workers process, with their settings
	 * @param store the delivery store
	 */
	static void checkStoreSupports(WebhookReceiverProperties properties, Map<String, ProcessingSettings> byWorkers,
			DeliveryStore store) {
		if (store.supportsAsync() || byWorkers.isEmpty()) {
			return;
		}
		Map.Entry<String, ProcessingSettings> first = byWorkers.entrySet().iterator().next();
		String name = first.getKey();
		WebhookReceiverProperties.Endpoint configured = properties.getEndpoints().get(name);
		EndpointProcessing endpoint = (configured != null) ? configured.getProcessing() : new EndpointProcessing();
		String type = store.getClass().getName();
		throw new WebhookConfigurationException(byWorkers(name, first.getValue().mode(), endpoint)
				+ ", but the DeliveryStore bean, a " + type + ", does not support async processing (its "
				+ "supportsAsync() is false).",
				"Implement the async methods of DeliveryStore (receive, claimStored, claimDue, fail with a next "
						+ "attempt, giveUp) in " + type + " and return true from its supportsAsync(), use the "
						+ "auto-configured JpaDeliveryStore instead of your own, or " + SYNC_WITHOUT_RETRIES + ".");
	}

	/**
	 * Names the property that makes workers process an endpoint's deliveries, where it was set.
	 */
	private static String byWorkers(String name, ProcessingMode mode, EndpointProcessing endpoint) {
		Resolver resolver = Resolver.of(name);
		String property = (mode == ProcessingMode.ASYNC) ? resolver.property(endpoint.getMode(), "mode")
				: resolver.property(endpoint.getRetryFailed(), "retry-failed");
		String value = (mode == ProcessingMode.ASYNC) ? "async" : "true";
		return property + " is " + value + ", so workers process deliveries of webhook endpoint '" + name
				+ "' from the store";
	}

	/**
	 * Takes each value from the endpoint, or else the global one, and names the property it
	 * came from.
	 */
	private record Resolver(String endpointPrefix, String globalPrefix) {

		static Resolver of(String name) {
			return new Resolver(PREFIX + ".endpoints." + name + ".processing.", PREFIX + ".processing.");
		}

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
