package dev.webhookreceiver.verify;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What a provider derives from an endpoint's settings other than its secrets, such as its
 * parsed expressions, derived once per endpoint: the secrets that a
 * {@link dev.webhookreceiver.WebhookSecretResolver} supplies per request make no new entry.
 *
 * @param <T> what is derived
 */
final class PerEndpoint<T> {

	private final Map<WebhookEndpoint, T> values = new ConcurrentHashMap<>();

	private final Function<WebhookEndpoint, T> derive;

	/**
	 * Creates the cache.
	 * @param derive derives the value of an endpoint, from its settings without secrets
	 */
	PerEndpoint(Function<WebhookEndpoint, T> derive) {
		this.derive = derive;
	}

	/**
	 * The value of an endpoint, derived on the first call.
	 * @param endpoint the endpoint, with any secrets
	 * @return the value
	 */
	T get(WebhookEndpoint endpoint) {
		WebhookEndpoint key = endpoint.withSecrets(List.of());
		T value = this.values.get(key);
		return (value != null) ? value : this.values.computeIfAbsent(key, this.derive);
	}

}
