package dev.webhookreceiver.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.io.JsonStringEncoder;

import dev.webhookreceiver.observation.DeliveryMetrics;
import dev.webhookreceiver.observation.DeliveryOutcome;
import dev.webhookreceiver.verify.HandshakeReply;
import dev.webhookreceiver.verify.VerifiedDelivery;
import dev.webhookreceiver.verify.WebhookRejectedException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The answers to deliveries: a small JSON status for accepted ones, RFC 9457 problem details with
 * a stable {@code type} per reason for refused ones. Every answer is counted, and refusals are
 * logged at WARN, at most once per endpoint and reason in {@value #WARN_INTERVAL_SECONDS} s.
 */
class DeliveryAnswers {

	static final String PROBLEM_TYPE_PREFIX = "urn:webhook-receiver:problem:";

	private static final long WARN_INTERVAL_SECONDS = 10;

	/** When a sender should retry a delivery answered 503, in the {@code Retry-After} header. */
	static final long RETRY_AFTER_SECONDS = 10;

	private static final Log logger = LogFactory.getLog(WebhookController.class);

	private final DeliveryMetrics metrics;

	private final Map<String, AtomicLong> nextWarning = new ConcurrentHashMap<>();

	DeliveryAnswers(DeliveryMetrics metrics) {
		this.metrics = metrics;
	}

	ResponseEntity<Object> processed(ReceivingEndpoint endpoint, VerifiedDelivery delivery) {
		return status(endpoint, delivery, DeliveryOutcome.PROCESSED);
	}

	/**
	 * The answer to a processed delivery whose handler returned a value: a
	 * {@link ResponseEntity} as it is, any other value as a 200 body for Spring MVC's message
	 * converters to write.
	 */
	ResponseEntity<Object> replied(ReceivingEndpoint endpoint, VerifiedDelivery delivery, Object reply) {
		this.metrics.record(endpoint.name(), delivery.eventType(), DeliveryOutcome.PROCESSED);
		if (reply instanceof ResponseEntity<?> entity) {
			return ResponseEntity.status(entity.getStatusCode()).headers(entity.getHeaders()).body(entity.getBody());
		}
		return ResponseEntity.ok().body(reply);
	}

	ResponseEntity<Object> ignored(ReceivingEndpoint endpoint, VerifiedDelivery delivery) {
		return status(endpoint, delivery, DeliveryOutcome.IGNORED);
	}

	ResponseEntity<Object> accepted(ReceivingEndpoint endpoint, VerifiedDelivery delivery) {
		this.metrics.record(endpoint.name(), delivery.eventType(), DeliveryOutcome.ACCEPTED);
		return ResponseEntity.accepted()
			.contentType(MediaType.APPLICATION_JSON)
			.body(new DeliveryAnswer(DeliveryOutcome.ACCEPTED.tagValue(), delivery.deliveryId()).toJson());
	}

	ResponseEntity<Object> duplicate(ReceivingEndpoint endpoint, VerifiedDelivery delivery) {
		return status(endpoint, delivery, DeliveryOutcome.DUPLICATE);
	}

	ResponseEntity<Object> handshake(ReceivingEndpoint endpoint, VerifiedDelivery delivery, HandshakeReply reply) {
		this.metrics.record(endpoint.name(), delivery.eventType(), DeliveryOutcome.HANDSHAKE);
		return ResponseEntity.ok().contentType(reply.contentType()).body(reply.body());
	}

	ResponseEntity<Object> rejected(ReceivingEndpoint endpoint, WebhookRejectedException ex) {
		Problem problem = switch (ex.reason()) {
			case MISSING_SIGNATURE -> Problem.MISSING_SIGNATURE;
			case INVALID_SIGNATURE -> Problem.INVALID_SIGNATURE;
			case STALE_TIMESTAMP -> Problem.STALE_TIMESTAMP;
			case MALFORMED -> Problem.MALFORMED;
		};
		return problem(endpoint, ex.eventType(), null, problem, ex.getMessage());
	}

	ResponseEntity<Object> forbiddenSource(ReceivingEndpoint endpoint, @Nullable String remoteAddress) {
		return problem(endpoint, null, null, Problem.FORBIDDEN_SOURCE,
				"the sender's address " + remoteAddress + " is not among the endpoint's allowed sources");
	}

	ResponseEntity<Object> tooLarge(ReceivingEndpoint endpoint, PayloadTooLargeException ex) {
		return problem(endpoint, null, null, Problem.TOO_LARGE, ex.getMessage());
	}

	ResponseEntity<Object> busy(ReceivingEndpoint endpoint, ReceiverBusyException ex) {
		return problem(endpoint, null, null, Problem.BUSY, ex.getMessage());
	}

	ResponseEntity<Object> readTimeout(ReceivingEndpoint endpoint, BodyReadTimeoutException ex) {
		return problem(endpoint, null, null, Problem.READ_TIMEOUT, ex.getMessage());
	}

	/**
	 * The answer to a body that could not be read whole, before anything was verified: a
	 * malformed request, as the sender's event type is not known.
	 */
	ResponseEntity<Object> incompleteBody(ReceivingEndpoint endpoint, IncompleteBodyException ex) {
		return problem(endpoint, null, null, Problem.MALFORMED, ex.getMessage());
	}

	ResponseEntity<Object> malformed(ReceivingEndpoint endpoint, VerifiedDelivery delivery, String detail) {
		return problem(endpoint, delivery, Problem.MALFORMED, detail);
	}

	ResponseEntity<Object> inProgress(ReceivingEndpoint endpoint, VerifiedDelivery delivery) {
		return problem(endpoint, delivery, Problem.IN_PROGRESS,
				"delivery " + delivery.deliveryId() + " is being processed right now; retry later");
	}

	ResponseEntity<Object> handlerFailed(ReceivingEndpoint endpoint, VerifiedDelivery delivery) {
		return problem(endpoint, delivery, Problem.HANDLER_FAILED, "a handler of delivery " + delivery.deliveryId()
				+ " failed; it is recorded as failed and a redelivery will run it again");
	}

	ResponseEntity<Object> storeUnavailable(ReceivingEndpoint endpoint, VerifiedDelivery delivery) {
		return problem(endpoint, delivery, Problem.STORE_UNAVAILABLE,
				"the delivery store is unavailable; nothing was processed, retry later");
	}

	/**
	 * The answer to a delivery whose secrets the application's resolver could not look up
	 * because its database is unreachable: the same as when the delivery store is, and logged
	 * as refusals are.
	 */
	ResponseEntity<Object> secretsUnavailable(ReceivingEndpoint endpoint, RuntimeException ex) {
		String detail = "the secrets of the delivery could not be looked up, the database is unavailable; "
				+ "nothing was processed, retry later";
		warn(endpoint, Problem.STORE_UNAVAILABLE, detail + " (" + ex + ")");
		return problem(endpoint, null, null, Problem.STORE_UNAVAILABLE, detail);
	}

	private ResponseEntity<Object> status(ReceivingEndpoint endpoint, VerifiedDelivery delivery,
			DeliveryOutcome outcome) {
		this.metrics.record(endpoint.name(), delivery.eventType(), outcome);
		// Written as bytes with its content type set: no content negotiation, no serializer lookup.
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.body(new DeliveryAnswer(outcome.tagValue(), delivery.deliveryId()).toJson());
	}

	private ResponseEntity<Object> problem(ReceivingEndpoint endpoint, VerifiedDelivery delivery, Problem problem,
			@Nullable String detail) {
		return problem(endpoint, delivery.eventType(), delivery.deliveryId(), problem, detail);
	}

	private ResponseEntity<Object> problem(ReceivingEndpoint endpoint, @Nullable String eventType,
			@Nullable String deliveryId, Problem problem, @Nullable String detail) {
		this.metrics.record(endpoint.name(), (eventType != null) ? eventType : DeliveryMetrics.UNKNOWN_EVENT,
				problem.outcome);
		if (problem.status.is4xxClientError()) {
			warn(endpoint, problem, detail);
		}
		ProblemDetail body = ProblemDetail.forStatusAndDetail(problem.status, detail);
		body.setType(URI.create(PROBLEM_TYPE_PREFIX + problem.slug));
		body.setTitle(problem.title);
		body.setProperty("endpoint", endpoint.name());
		if (deliveryId != null) {
			body.setProperty("deliveryId", deliveryId);
		}
		ResponseEntity.BodyBuilder answer = ResponseEntity.status(problem.status);
		if (problem.status == HttpStatus.SERVICE_UNAVAILABLE) {
			answer.header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
		}
		return answer.body(body);
	}

	private void warn(ReceivingEndpoint endpoint, Problem problem, @Nullable String detail) {
		if (!logger.isWarnEnabled()) {
			return;
		}
		AtomicLong next = this.nextWarning.computeIfAbsent(endpoint.name() + ':' + problem.slug,
				(key) -> new AtomicLong(System.nanoTime()));
		long now = System.nanoTime();
		long due = next.get();
		if (now - due >= 0 && next.compareAndSet(due, now + TimeUnit.SECONDS.toNanos(WARN_INTERVAL_SECONDS))) {
			logger.warn("Refused a delivery to endpoint '" + endpoint.name() + "' (" + problem.slug + "): " + detail
					+ " [further refusals of this kind are not logged for " + WARN_INTERVAL_SECONDS + " s]");
		}
	}

	/**
	 * The body of a 2xx answer.
	 *
	 * @param status what became of the delivery
	 * @param deliveryId the delivery id
	 */
	record DeliveryAnswer(String status, String deliveryId) {

		private static final JsonStringEncoder encoder = JsonStringEncoder.getInstance();

		/**
		 * This answer as JSON: {@code {"status":"...","deliveryId":"..."}}.
		 * @return the UTF-8 bytes
		 */
		byte[] toJson() {
			StringBuilder json = new StringBuilder(32 + this.status.length() + this.deliveryId.length());
			json.append("{\"status\":\"");
			encoder.quoteAsString(this.status, json);
			json.append("\",\"deliveryId\":\"");
			encoder.quoteAsString(this.deliveryId, json);
			return json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
		}

	}

	private enum Problem {

		MISSING_SIGNATURE(HttpStatus.UNAUTHORIZED, "missing-signature", "Missing signature",
				DeliveryOutcome.MISSING_SIGNATURE),

		INVALID_SIGNATURE(HttpStatus.UNAUTHORIZED, "invalid-signature", "Invalid signature",
				DeliveryOutcome.INVALID_SIGNATURE),

		STALE_TIMESTAMP(HttpStatus.UNAUTHORIZED, "stale-timestamp", "Timestamp outside tolerance",
				DeliveryOutcome.STALE_TIMESTAMP),

		MALFORMED(HttpStatus.BAD_REQUEST, "malformed", "Malformed delivery", DeliveryOutcome.MALFORMED),

		FORBIDDEN_SOURCE(HttpStatus.FORBIDDEN, "forbidden-source", "Sender not allowed",
				DeliveryOutcome.FORBIDDEN_SOURCE),

		TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large",
				DeliveryOutcome.TOO_LARGE),

		READ_TIMEOUT(HttpStatus.REQUEST_TIMEOUT, "read-timeout", "Body read timeout", DeliveryOutcome.READ_TIMEOUT),

		BUSY(HttpStatus.SERVICE_UNAVAILABLE, "busy", "Receiver busy", DeliveryOutcome.BUSY),

		IN_PROGRESS(HttpStatus.CONFLICT, "in-progress", "Delivery in progress", DeliveryOutcome.IN_PROGRESS),

		HANDLER_FAILED(HttpStatus.INTERNAL_SERVER_ERROR, "handler-failed", "Handler failed",
				DeliveryOutcome.FAILED),

		STORE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable", "Delivery store unavailable",
				DeliveryOutcome.STORE_UNAVAILABLE);

		private final HttpStatus status;

		private final String slug;

		private final String title;

		private final DeliveryOutcome outcome;

		Problem(HttpStatus status, String slug, String title, DeliveryOutcome outcome) {
			this.status = status;
			this.slug = slug;
			this.title = title;
			this.outcome = outcome;
		}

	}

}
