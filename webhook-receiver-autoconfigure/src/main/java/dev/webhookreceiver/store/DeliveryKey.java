package dev.webhookreceiver.store;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The delivery id a delivery is recorded under, which with its endpoint is unique: the
 * sender's delivery id, preceded by the path variables of the request where the endpoint's path
 * has template variables, so that deliveries are deduplicated per endpoint and tenant. A
 * delivery with the id {@code evt_1} to {@code /webhooks/acme/stripe}, on an endpoint mapped to
 * {@code /webhooks/{tenant}/stripe}, is recorded as {@code {tenant=acme}evt_1}: the same id from
 * another tenant is another delivery, never a duplicate.
 * <p>
 * Names and values are percent-encoded (UTF-8) between the braces, as in a query string. A
 * sender's id that itself starts with <code>{</code> is recorded behind empty braces, so that
 * every recorded id reads back unambiguously.
 *
 * @param pathVariables the path variables of the request, by name
 * @param deliveryId the sender's delivery id
 */
public record DeliveryKey(Map<String, String> pathVariables, String deliveryId) {

	public DeliveryKey {
		pathVariables = Collections.unmodifiableMap(new LinkedHashMap<>(pathVariables));
	}

	/**
	 * The delivery id to record a delivery under.
	 * @param pathVariables the path variables of the request, empty for a literal path
	 * @param deliveryId the sender's delivery id
	 * @return the recorded delivery id: the sender's id itself where there are no path
	 * variables and it does not start with <code>{</code>
	 */
	public static String recorded(Map<String, String> pathVariables, String deliveryId) {
		if (pathVariables.isEmpty() && !deliveryId.startsWith("{")) {
			return deliveryId;
		}
		UriComponentsBuilder variables = UriComponentsBuilder.newInstance();
		pathVariables.forEach((name, value) -> variables.queryParam(UriUtils.encode(name, StandardCharsets.UTF_8),
				UriUtils.encode(value, StandardCharsets.UTF_8)));
		String query = variables.build().getQuery();
		return "{" + ((query != null) ? query : "") + "}" + deliveryId;
	}

	/**
	 * Reads a recorded delivery id back.
	 * @param recorded the delivery id a delivery is recorded under
	 * @return its path variables and the sender's delivery id
	 */
	public static DeliveryKey of(String recorded) {
		int end = recorded.startsWith("{") ? recorded.indexOf('}') : -1;
		if (end == -1) {
			return new DeliveryKey(Map.of(), recorded);
		}
		Map<String, String> pathVariables = new LinkedHashMap<>();
		try {
			UriComponentsBuilder.newInstance()
				.query(recorded.substring(1, end))
				.build()
				.getQueryParams()
				.forEach((name, values) -> pathVariables.put(UriUtils.decode(name, StandardCharsets.UTF_8),
						UriUtils.decode(Objects.requireNonNullElse(values.get(0), ""), StandardCharsets.UTF_8)));
		}
		catch (IllegalArgumentException ex) {
			// recorded before ids were keyed so: the sender's id as it is
			return new DeliveryKey(Map.of(), recorded);
		}
		return new DeliveryKey(pathVariables, recorded.substring(end + 1));
	}

}
