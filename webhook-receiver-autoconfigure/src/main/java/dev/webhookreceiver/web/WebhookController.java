package dev.webhookreceiver.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;

import dev.webhookreceiver.WebhookEvent;
import dev.webhookreceiver.WebhookSecretResolver;
import dev.webhookreceiver.dispatch.PayloadBindingException;
import dev.webhookreceiver.dispatch.WebhookDispatcher;
import dev.webhookreceiver.dispatch.WebhookReply;
import dev.webhookreceiver.observation.DeliveryMetrics;
import dev.webhookreceiver.process.DeliveryHandOff;
import dev.webhookreceiver.process.DeliveryProcessor;
import dev.webhookreceiver.process.DeliveryProcessor.Outcome;
import dev.webhookreceiver.process.DeliveryProcessor.Result;
import dev.webhookreceiver.process.ProcessingMode;
import dev.webhookreceiver.store.DeliveryClaim;
import dev.webhookreceiver.store.DeliveryKey;
import dev.webhookreceiver.store.DeliveryStore;
import dev.webhookreceiver.store.NewDelivery;
import dev.webhookreceiver.store.StoreUnavailability;
import dev.webhookreceiver.verify.DeliverySecrets;
import dev.webhookreceiver.verify.HandshakeReply;
import dev.webhookreceiver.verify.VerifiedDelivery;
import dev.webhookreceiver.verify.WebhookEndpoint;
import dev.webhookreceiver.verify.WebhookRejectedException;
import dev.webhookreceiver.verify.WebhookRequest;
import dev.webhookreceiver.verify.XmlBodies;
import dev.webhookreceiver.web.RequestBodyReader.ReceivedBody;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Receives the deliveries of every configured endpoint, in one pass: refuse senders outside the
 * endpoint's allowed sources, read the exact body bytes (bounded), verify them with the
 * endpoint's provider and the secrets of the endpoint, or of the tenant that the
 * {@link WebhookSecretResolver} names (answering a sender's handshake there),
 * then, for a sync endpoint, have the {@link DeliveryProcessor} claim the delivery, run the
 * matching handlers and mark it completed, all in one transaction, or, for an async endpoint,
 * store the delivery for the workers and hand it off to them; and answer.
 * <p>
 * Mapped by {@link WebhookEndpointMappings} to each endpoint's path, POST only.
 */
public class WebhookController {

	private static final Log logger = LogFactory.getLog(WebhookController.class);

	private static final Set<String> UNSTORED_HEADERS = Set.of("authorization", "proxy-authorization", "cookie");

	private final WebhookEndpoints endpoints;

	private final DeliveryStore store;

	private final WebhookDispatcher dispatcher;

	private final DeliveryProcessor processor;

	private final DeliveryHandOff handOff;

	private final Clock clock;

	private final RequestBodyReader bodyReader;

	private final boolean storePayloads;

	private final DeliveryAnswers answers;

	private final DeliverySecrets secrets;

	private final @Nullable XmlBodies xmlBodies;

	/**
	 * Creates the controller, which verifies deliveries with the configured secrets only and
	 * checks no XML bodies.
	 * @param endpoints the configured endpoints
	 * @param store the delivery store
	 * @param dispatcher the dispatcher to the handlers
	 * @param processor what processes the deliveries of sync endpoints
	 * @param handOff what gives the stored deliveries of async endpoints to the workers
	 * @param metrics where the outcome of every delivery is counted
	 * @param clock the clock timestamps are checked against
	 * @param maxPayloadSize the largest accepted body
	 * @param maxInFlight the most bytes of bodies held in memory at once, not less than
	 * {@code maxPayloadSize}
	 * @param readTimeout the longest time a body may take to arrive
	 * @param storePayloads whether to keep the raw body and headers of each delivery
	 */
	public WebhookController(WebhookEndpoints endpoints, DeliveryStore store, WebhookDispatcher dispatcher,
			DeliveryProcessor processor, DeliveryHandOff handOff, DeliveryMetrics metrics, Clock clock,
			DataSize maxPayloadSize, DataSize maxInFlight, Duration readTimeout, boolean storePayloads) {
		this(endpoints, store, dispatcher, processor, handOff, metrics, clock, maxPayloadSize, maxInFlight,
				readTimeout, storePayloads, null, null);
	}

	/**
	 * Creates the controller of a receiver whose secrets may come from a resolver and that
	 * may accept XML bodies.
	 * @param endpoints the configured endpoints
	 * @param store the delivery store
	 * @param dispatcher the dispatcher to the handlers
	 * @param processor what processes the deliveries of sync endpoints
	 * @param handOff what gives the stored deliveries of async endpoints to the workers
	 * @param metrics where the outcome of every delivery is counted
	 * @param clock the clock timestamps are checked against
	 * @param maxPayloadSize the largest accepted body
	 * @param maxInFlight the most bytes of bodies held in memory at once, not less than
	 * {@code maxPayloadSize}
	 * @param readTimeout the longest time a body may take to arrive
	 * @param storePayloads whether to keep the raw body and headers of each delivery
	 * @param secretResolver what supplies the secrets of each delivery, before the configured
	 * ones, or {@code null}
	 * @param xmlBodies what checks XML bodies once verified, or {@code null} if Jackson's XML
	 * module is absent
	 */
	public WebhookController(WebhookEndpoints endpoints, DeliveryStore store, WebhookDispatcher dispatcher,
			DeliveryProcessor processor, DeliveryHandOff handOff, DeliveryMetrics metrics, Clock clock,
			DataSize maxPayloadSize, DataSize maxInFlight, Duration readTimeout, boolean storePayloads,
			@Nullable WebhookSecretResolver secretResolver, @Nullable XmlBodies xmlBodies) {
		this.xmlBodies = xmlBodies;
		this.endpoints = endpoints;
		this.store = store;
		this.dispatcher = dispatcher;
		this.processor = processor;
		this.handOff = handOff;
		this.answers = new DeliveryAnswers(metrics);
		this.clock = clock;
		this.bodyReader = new RequestBodyReader(maxPayloadSize, new BodyMemoryBudget(maxInFlight.toBytes()),
				readTimeout);
		this.storePayloads = storePayloads;
		this.secrets = new DeliverySecrets(secretResolver);
	}

	/**
	 * Receives one delivery.
	 * @param servletRequest the request
	 * @return the answer
	 */
	@SuppressWarnings("try") // the MDC entries are only put and removed, never read here
	public ResponseEntity<Object> receive(HttpServletRequest servletRequest) {
		ReceivingEndpoint endpoint = endpointOf(servletRequest);
		try (MDC.MDCCloseable mdcEndpoint = MDC.putCloseable("webhook.endpoint", endpoint.name())) {
			// before the body is read: a sender that may not send costs no memory and no reading
			String remoteAddress = servletRequest.getRemoteAddr();
			if (!endpoint.allowedSources().allows(remoteAddress)) {
				return this.answers.forbiddenSource(endpoint, remoteAddress);
			}
			ReceivedBody body;
			try {
				body = this.bodyReader.read(servletRequest);
			}
			catch (PayloadTooLargeException ex) {
				return this.answers.tooLarge(endpoint, ex);
			}
			catch (ReceiverBusyException ex) {
				return this.answers.busy(endpoint, ex);
			}
			catch (BodyReadTimeoutException ex) {
				return unreadBody(servletRequest, this.answers.readTimeout(endpoint, ex));
			}
			catch (IncompleteBodyException ex) {
				return unreadBody(servletRequest, this.answers.incompleteBody(endpoint, ex));
			}
			// The body's share of the memory budget is released once the delivery is answered.
			try (body) {
				return verifyAndProcess(endpoint, servletRequest, body.bytes());
			}
		}
	}

	/**
	 * The answer to a body that could not be read, kept for the error dispatch of a container
	 * that refused the body itself and discards this answer.
	 */
	private static ResponseEntity<Object> unreadBody(HttpServletRequest request, ResponseEntity<Object> answer) {
		request.setAttribute(ContainerErrorAnswers.ANSWER_ATTRIBUTE, answer);
		return answer;
	}

	@SuppressWarnings("try") // the MDC entries are only put and removed, never read here
	private ResponseEntity<Object> verifyAndProcess(ReceivingEndpoint endpoint, HttpServletRequest servletRequest,
			byte[] body) {
		WebhookRequest request = new WebhookRequest(urlOf(servletRequest), headersOf(servletRequest), body);
		Map<String, String> pathVariables = pathVariablesOf(servletRequest);
		VerifiedDelivery delivery;
		HandshakeReply handshake;
		try {
			WebhookEndpoint settings = this.secrets.settingsFor(endpoint.settings(), endpoint.provider(),
					pathVariables, request.headers());
			delivery = endpoint.provider().verify(request, settings, this.clock);
			requireWellFormedBody(request, delivery);
			handshake = endpoint.provider().handshake(request, settings, delivery);
		}
		catch (WebhookRejectedException ex) {
			return this.answers.rejected(endpoint, ex);
		}
		catch (RuntimeException ex) {
			// the resolver's lookup of the secrets, in a database that is down: retry later
			if (StoreUnavailability.caused(ex)) {
				return this.answers.secretsUnavailable(endpoint, ex);
			}
			throw ex;
		}
		if (handshake != null) {
			return this.answers.handshake(endpoint, delivery, handshake);
		}
		try (MDC.MDCCloseable mdcId = MDC.putCloseable("webhook.deliveryId", delivery.deliveryId());
				MDC.MDCCloseable mdcEvent = MDC.putCloseable("webhook.eventType", delivery.eventType())) {
			return process(endpoint, request, pathVariables, delivery, servletRequest);
		}
	}

	/**
	 * Refuses an authentic body that is not well-formed before anything is answered, recorded
	 * or dispatched, answered with the delivery's event type: JSON whose rest, past the fields that
	 * verification read, breaks; XML that breaks or declares a DTD, unless a provider read it
	 * already.
	 */
	private void requireWellFormedBody(WebhookRequest request, VerifiedDelivery delivery) {
		try {
			request.requireWellFormedBody();
			XmlBodies xmlBodies = this.xmlBodies;
			if (xmlBodies != null && XmlBodies.isXml(request)) {
				xmlBodies.check(request);
			}
		}
		catch (WebhookRejectedException ex) {
			throw new WebhookRejectedException(ex.reason(), ex.getMessage(), delivery.eventType());
		}
	}

	/**
	 * Processes the delivery as its endpoint says: at once (sync), or once stored (async).
	 */
	private ResponseEntity<Object> process(ReceivingEndpoint endpoint, WebhookRequest request,
			Map<String, String> pathVariables, VerifiedDelivery delivery, HttpServletRequest servletRequest) {
		NewDelivery newDelivery = newDelivery(endpoint, request, pathVariables, delivery);
		if (!this.dispatcher.hasHandlers(endpoint.name(), delivery.eventType())) {
			return recordIgnored(endpoint, delivery, newDelivery);
		}
		if (endpoint.processing().mode() == ProcessingMode.ASYNC) {
			return store(endpoint, delivery, newDelivery);
		}
		JsonNode tree = (request.parsedJsonBody() != null) ? request.parsedJsonBody() : request.parsedXmlBody();
		WebhookEvent event = this.dispatcher.event(endpoint.name(), pathVariables, delivery.deliveryId(),
				delivery.eventType(), delivery.timestamp(), request.headers(), request.body(), tree);
		Result result = this.processor.claimAndProcess(newDelivery, event, endpoint.processing());
		return switch (result.outcome()) {
			case PROCESSED -> (result.reply() != null) ? reply(endpoint, delivery, result.reply(), servletRequest)
					: this.answers.processed(endpoint, delivery);
			case IGNORED -> this.answers.ignored(endpoint, delivery);
			case DUPLICATE -> this.answers.duplicate(endpoint, delivery);
			case IN_PROGRESS, CLAIM_LOST -> this.answers.inProgress(endpoint, delivery);
			case NOT_CLAIMED -> claimFailed(endpoint, delivery, failure(result));
			case STORE_UNAVAILABLE -> {
				logger.warn("The database became unavailable while the handlers of delivery " + delivery.deliveryId()
						+ " to endpoint '" + endpoint.name() + "' ran; their transaction did not complete, so "
						+ "nothing of it was kept", result.failure());
				yield this.answers.storeUnavailable(endpoint, delivery);
			}
			case FAILED, DEAD -> handlersFailed(endpoint, delivery, result);
		};
	}

	/**
	 * Answers a processed delivery with what its handler returned, committed with it. Spring
	 * MVC writes the reply with the application's message converters, in a media type that the
	 * request accepts among those the handler declares, else those its sender expects.
	 */
	private ResponseEntity<Object> reply(ReceivingEndpoint endpoint, VerifiedDelivery delivery, WebhookReply reply,
			HttpServletRequest servletRequest) {
		List<MediaType> produces = !reply.produces().isEmpty() ? reply.produces()
				: endpoint.provider().replyMediaTypes();
		if (!produces.isEmpty()) {
			servletRequest.setAttribute(HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE,
					new LinkedHashSet<>(produces));
		}
		return this.answers.replied(endpoint, delivery, reply.body());
	}

	/**
	 * Stores the delivery for the workers, committed before it is answered 202, and hands it
	 * to this instance's workers.
	 */
	private ResponseEntity<Object> store(ReceivingEndpoint endpoint, VerifiedDelivery delivery,
			NewDelivery newDelivery) {
		DeliveryClaim stored;
		try {
			stored = this.store.receive(newDelivery);
		}
		catch (RuntimeException ex) {
			return claimFailed(endpoint, delivery, ex);
		}
		return switch (stored.state()) {
			case ACQUIRED -> {
				this.handOff.handOff(endpoint.name(), stored.recordId());
				yield this.answers.accepted(endpoint, delivery);
			}
			case DUPLICATE -> this.answers.duplicate(endpoint, delivery);
			case IN_PROGRESS -> this.answers.inProgress(endpoint, delivery);
		};
	}

	/**
	 * Records a delivery that no handler wants, in one statement where it is new.
	 */
	private ResponseEntity<Object> recordIgnored(ReceivingEndpoint endpoint, VerifiedDelivery delivery,
			NewDelivery newDelivery) {
		DeliveryClaim claim;
		try {
			claim = this.store.ignore(newDelivery);
		}
		catch (RuntimeException ex) {
			return claimFailed(endpoint, delivery, ex);
		}
		return switch (claim.state()) {
			case ACQUIRED -> this.answers.ignored(endpoint, delivery);
			case DUPLICATE -> this.answers.duplicate(endpoint, delivery);
			case IN_PROGRESS -> this.answers.inProgress(endpoint, delivery);
		};
	}

	private ResponseEntity<Object> claimFailed(ReceivingEndpoint endpoint, VerifiedDelivery delivery,
			RuntimeException ex) {
		if (ex instanceof IllegalArgumentException) {
			return this.answers.malformed(endpoint, delivery, ex.getMessage());
		}
		if (StoreUnavailability.caused(ex)) {
			return this.answers.storeUnavailable(endpoint, delivery);
		}
		throw ex;
	}

	private ResponseEntity<Object> handlersFailed(ReceivingEndpoint endpoint, VerifiedDelivery delivery,
			Result result) {
		RuntimeException failure = failure(result);
		if (failure instanceof PayloadBindingException) {
			return this.answers.malformed(endpoint, delivery, failure.getMessage());
		}
		Instant retryAt = result.nextAttemptAt();
		String recorded = (result.outcome() == Outcome.DEAD) ? "recorded as dead, out of attempts"
				: (retryAt != null) ? "recorded as failed for the workers to retry at " + retryAt
						: "recorded as failed for a redelivery to retry";
		logger.error("A handler of delivery " + delivery.deliveryId() + " (" + delivery.eventType() + ") to endpoint '"
				+ endpoint.name() + "' failed; " + recorded, failure);
		return this.answers.handlerFailed(endpoint, delivery);
	}

	private static RuntimeException failure(Result result) {
		RuntimeException failure = result.failure();
		Assert.state(failure != null, () -> "A " + result.outcome() + " delivery must have a failure");
		return failure;
	}

	private ReceivingEndpoint endpointOf(HttpServletRequest request) {
		Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		ReceivingEndpoint endpoint = (pattern != null) ? this.endpoints.byPath(pattern.toString()) : null;
		if (endpoint == null) {
			throw new IllegalStateException("No webhook endpoint is mapped to " + pattern);
		}
		return endpoint;
	}

	/**
	 * The delivery to record: under the sender's id, preceded by the path variables where the
	 * endpoint's path has some, so that deliveries are deduplicated per endpoint and tenant.
	 */
	private NewDelivery newDelivery(ReceivingEndpoint endpoint, WebhookRequest request,
			Map<String, String> pathVariables, VerifiedDelivery delivery) {
		String deliveryId = DeliveryKey.recorded(pathVariables, delivery.deliveryId());
		if (!this.storePayloads) {
			return new NewDelivery(endpoint.name(), deliveryId, delivery.eventType(), null, Map.of());
		}
		Map<String, String> headers = new LinkedHashMap<>();
		request.headers().forEach((name, values) -> {
			if (!UNSTORED_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !values.isEmpty()) {
				headers.put(name, values.get(0));
			}
		});
		return new NewDelivery(endpoint.name(), deliveryId, delivery.eventType(), request.body(), headers,
				request.url(), delivery.timestamp());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> pathVariablesOf(HttpServletRequest request) {
		Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		return (variables instanceof Map<?, ?> map && !map.isEmpty()) ? (Map<String, String>) map : Map.of();
	}

	private static String urlOf(HttpServletRequest request) {
		String query = request.getQueryString();
		StringBuffer url = request.getRequestURL();
		return (query != null) ? url.append('?').append(query).toString() : url.toString();
	}

	private static HttpHeaders headersOf(HttpServletRequest request) {
		HttpHeaders headers = new HttpHeaders();
		for (String name : Collections.list(request.getHeaderNames())) {
			headers.addAll(name, Collections.list(request.getHeaders(name)));
		}
		return headers;
	}

}
