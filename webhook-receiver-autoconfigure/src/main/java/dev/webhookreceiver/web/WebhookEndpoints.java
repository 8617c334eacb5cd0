package dev.webhookreceiver.web;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.jspecify.annotations.Nullable;

import dev.webhookreceiver.WebhookConfigurationException;

import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

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
		List<ReceivingEndpoint> all = List.copyOf(this.byName.values());
		for (int i = 0; i < all.size(); i++) {
			for (int j = i + 1; j < all.size(); j++) {
				checkUnambiguous(all.get(i), all.get(j));
			}
		}
	}

	/**
	 * Refuses two endpoints whose paths match one request with neither more specific, such as
	 * {@code /hooks/{tenant}/github} and {@code /hooks/acme/{kind}} for
	 * {@code /hooks/acme/github}: Spring MVC cannot choose between them, and fails such a request
	 * with a server error. A path that is more specific than another's template, such as
	 * {@code /hooks/acme/github} beside {@code /hooks/{tenant}/github}, takes its requests.
	 */
	private static void checkUnambiguous(ReceivingEndpoint first, ReceivingEndpoint second) {
		String[] firstSegments = first.path().split("/");
		String[] secondSegments = second.path().split("/");
		if (firstSegments.length != secondSegments.length) {
			return;
		}
		// each segment is a literal or a whole variable, so a variable matches any one segment
		StringJoiner request = new StringJoiner("/");
		for (int i = 0; i < firstSegments.length; i++) {
			boolean firstVariable = firstSegments[i].startsWith("{");
			boolean secondVariable = secondSegments[i].startsWith("{");
			if (!firstVariable && !secondVariable && !firstSegments[i].equals(secondSegments[i])) {
				return;
			}
			request.add(!firstVariable ? firstSegments[i] : !secondVariable ? secondSegments[i] : "x");
		}
		PathPattern firstPattern = PathPatternParser.defaultInstance.parse(first.path());
		PathPattern secondPattern = PathPatternParser.defaultInstance.parse(second.path());
		if (PathPattern.SPECIFICITY_COMPARATOR.compare(firstPattern, secondPattern) == 0) {
			throw new WebhookConfigurationException("The paths of webhook endpoints '" + first.name() + "' ("
					+ first.path() + ") and '" + second.name() + "' (" + second.path() + ") both match requests "
					+ "such as " + request + ", and neither is more specific, so such a request could not be "
					+ "answered.", "Give one of them a path that no request to the other can match, with "
							+ second.settings().propertyPrefix() + ".path.");
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
