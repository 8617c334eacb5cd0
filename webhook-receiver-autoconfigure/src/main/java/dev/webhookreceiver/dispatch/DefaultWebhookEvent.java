package dev.webhookreceiver.dispatch;

import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.webhookreceiver.WebhookEvent;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * The {@link WebhookEvent} handed to handlers. Keeps each bound payload, so the body is parsed
 * at most once per type however many handlers ask for it.
 */
final class DefaultWebhookEvent implements WebhookEvent {

	private final String endpoint;

	private final Map<String, String> pathVariables;

	private final String deliveryId;

	private final String eventType;

	private final @Nullable Instant timestamp;

	private final HttpHeaders headers;

	private final byte[] body;

	private final @Nullable MediaType contentType;

	private final PayloadBinder binder;

	private final Map<Type, Object> payloads = new ConcurrentHashMap<>();

	DefaultWebhookEvent(String endpoint, Map<String, String> pathVariables, String deliveryId, String eventType,
			@Nullable Instant timestamp, HttpHeaders headers, byte[] body, @Nullable JsonNode jsonBody,
			PayloadBinder binder) {
		this.endpoint = endpoint;
		this.pathVariables = pathVariables.isEmpty() ? Map.of() : Collections.unmodifiableMap(pathVariables);
		this.deliveryId = deliveryId;
		this.eventType = eventType;
		this.timestamp = timestamp;
		this.headers = HttpHeaders.readOnlyHttpHeaders(headers);
		this.body = body;
		this.contentType = contentType(headers);
		this.binder = binder;
		if (jsonBody != null && !PayloadBinder.isForm(this.contentType)) {
			this.payloads.put(JsonNode.class, jsonBody);
		}
	}

	@Override
	public String endpoint() {
		return this.endpoint;
	}

	@Override
	public Map<String, String> pathVariables() {
		return this.pathVariables;
	}

	@Override
	public String deliveryId() {
		return this.deliveryId;
	}

	@Override
	public String eventType() {
		return this.eventType;
	}

	@Override
	public @Nullable Instant timestamp() {
		return this.timestamp;
	}

	@Override
	public HttpHeaders headers() {
		return this.headers;
	}

	@Override
	public byte[] body() {
		return this.body.clone();
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T payload(Class<T> type) {
		return (T) payload((Type) type);
	}

	/**
	 * The body bound to a possibly generic type, bound once per type. A {@code byte[]} is a
	 * fresh copy on every call.
	 * @param type the payload type
	 * @return the payload
	 */
	Object payload(Type type) {
		if (type == byte[].class) {
			return this.binder.bind(this.body, this.contentType, type);
		}
		return this.payloads.computeIfAbsent(type, (key) -> this.binder.bind(this.body, this.contentType, key));
	}

	@Override
	public String toString() {
		return "WebhookEvent[endpoint=" + this.endpoint
				+ (this.pathVariables.isEmpty() ? "" : ", pathVariables=" + this.pathVariables) + ", deliveryId="
				+ this.deliveryId + ", eventType=" + this.eventType + "]";
	}

	/**
	 * The content type of a delivery, {@code null} if absent or unparseable.
	 * @param headers the headers of the delivery
	 * @return the content type
	 */
	static @Nullable MediaType contentType(HttpHeaders headers) {
		try {
			return headers.getContentType();
		}
		catch (InvalidMediaTypeException ex) {
			return null;
		}
	}

}
