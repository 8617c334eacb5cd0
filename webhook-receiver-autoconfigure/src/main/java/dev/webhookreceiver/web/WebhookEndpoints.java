package dev.webhookreceiver.web;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.webhookreceiver.WebhookConfigurationException;

/**
 * The configured endpoints, by name and by request path.
 */
public class WebhookEndpoints {

	private final Map<String, ReceivingEndpoint> byName = new LinkedHashMap<>();

	private final Map<String, ReceivingEndpoint> byPath = new LinkedHashMap<>();

	/**
	 * Creates the endpoints.
	 * @param endpoints the endpoints, with unique names and paths
	 */
	public WebhookEndpoints(Collection<ReceivingEndpoint> endpoints) {
		Map<String, ReceivingEndpoint> byMatchedPaths = new LinkedHashMap<>();
		for (ReceivingEndpoint endpoint : endpoints) {
			this.byName.put(endpoint.name(), endpoint);
			this.byPath.put(endpoint.path(), endpoint);
			// paths that differ only in the names of their variables match the same requests
			ReceivingEndpoint clash = byMatchedPaths.put(endpoint.path().replaceAll("\\{[^}]*}", "{}"), endpoint);
			if (clash != null) {
				throw new WebhookConfigurationException("Webhook endpoints '" + clash.name() + "' and '"
						+ endpoint.name() + "' are both mapped to " + endpoint.path() + ".",
						"Give one of them another path with " + endpoint.settings().propertyPrefix() + ".path.");
			}
		}
	}

	/**
	 * All endpoints, in configuration order.
	 * @return the endpoints
	 */
	public Collection<ReceivingEndpoint> all() {
		return this.byName.values();
	}

	/**
	 * The endpoint of a name.
	 * @param name the endpoint name
	 * @return the endpoint, or {@code null}
	 */
	public @Nullable ReceivingEndpoint byName(String name) {
		return this.byName.get(name);
	}

	/**
	 * The endpoint mapped to a request path.
	 * @param path the path as configured, with its template variables
	 * @return the endpoint, or {@code null}
	 */
	public @Nullable ReceivingEndpoint byPath(String path) {
		return this.byPath.get(path);
	}

}
