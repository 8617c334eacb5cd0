package dev.webhookreceiver;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * A verified webhook delivery, as handed to {@link WebhookHandler} methods.
 */
public interface WebhookEvent {

	/**
	 * The name of the configured endpoint that received the delivery.
	 * @return the endpoint name
	 */
	String endpoint();

	/**
	 * The values of the template variables of the endpoint's path, such as
	 * {@code {tenant=acme}} for a delivery to {@code /webhooks/acme/stripe} on an endpoint whose
	 * path is {@code /webhooks/{tenant}/stripe}.
	 * @return the path variables by name (read-only), empty for a path without variables
	 */
	default Map<String, String> pathVariables() {
		return Map.of();
	}

	/**
	 * The sender's id of this delivery, stable across redeliveries.
	 * @return the delivery id
	 */
	String deliveryId();

	/**
	 * The event type, for example {@code issues.opened} or {@code payment_intent.succeeded}.
	 * @return the event type
	 */
	String eventType();

	/**
	 * The time the sender signed the delivery, for providers that send one.
	 * @return the signing time, or {@code null}
	 */
	@Nullable Instant timestamp();

	/**
	 * The request headers of the delivery (read-only).
	 * @return the headers
	 */
	HttpHeaders headers();

	/**
	 * The body exactly as received. The returned array is a copy.
	 * @return the raw body
	 */
	byte[] body();

	/**
	 * The body bound to the given type: a record or POJO, {@code JsonNode} or {@code Map} from
	 * JSON (or a form body), {@code String} or {@code byte[]}. The body is parsed at most once
	 * per type.
	 * @param <T> the payload type
	 * @param type the payload type
	 * @return the bound payload
	 */
	<T> T payload(Class<T> type);

}
