package dev.webhookreceiver.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import dev.webhookreceiver.WebhookEvent;
import dev.webhookreceiver.dispatch.PayloadBindingException;
import dev.webhookreceiver.dispatch.WebhookDispatcher;
import dev.webhookreceiver.observation.DeliveryMetrics;
import dev.webhookreceiver.store.DeliveryClaim;
import dev.webhookreceiver.store.DeliveryClaimLostException;
import dev.webhookreceiver.store.DeliveryStatus;
import dev.webhookreceiver.store.DeliveryStore;
import dev.webhookreceiver.store.NewDelivery;
import dev.webhookreceiver.store.StoreUnavailability;
import dev.webhookreceiver.verify.HandshakeReply;
import dev.webhookreceiver.verify.VerifiedDelivery;
import dev.webhookreceiver.verify.WebhookRejectedException;
import dev.webhookreceiver.verify.WebhookRequest;
import dev.webhookreceiver.web.RequestBodyReader.ReceivedBody;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Receives the deliveries of every configured endpoint, in one pass: read the exact body bytes
 * (bounded), verify them with the endpoint's provider (answering a sender's handshake there),
 * then claim the delivery in the store, run the matching handlers and mark it completed, all in
 * one transaction, and answer.
 * <p>
 * Mapped by {@link WebhookEndpointMappings} to each endpoint's path, POST only.
 */
public class WebhookController {

	private static final Log logger = LogFactory.getLog(WebhookController.class);

	private static final Set<String> UNSTORED_HEADERS = Set.of("authorization", "proxy-authorization", "cookie");

	private final WebhookEndpoints endpoints;

	private final DeliveryStore store;

	private final WebhookDispatcher dispatcher;

	private final TransactionOperations transactions;

	private final Clock clock;

	private final RequestBodyReader bodyReader;

	private final boolean storePayloads;

	private final DeliveryAnswers answers;

	/**
	 * Creates the controller.
	 * @param endpoints the configured endpoints
	 * @param store the delivery store
	 * @param dispatcher the dispatcher to the handlers
	 * @param transactions the transactions that handlers run in with the completion mark
	 * @param metrics where the outcome of every delivery is counted
	 * @param clock the clock timestamps are checked against
	 * @param maxPayloadSize the largest accepted body
	 * @param maxInFlight the most bytes of bodies held in memory at once, not less than
	 * {@code maxPayloadSize}
	 * @param readTimeout the longest time a body may take to arrive
	 * @param storePayloads whether to keep the raw body and headers of each delivery
	 */
	public WebhookController(WebhookEndpoints endpoints, DeliveryStore store, WebhookDispatcher dispatcher,
			TransactionOperations transactions, DeliveryMetrics metrics, Clock clock, DataSize maxPayloadSize,
			DataSize maxInFlight, Duration readTimeout, boolean storePayloads) {
		this.endpoints = endpoints;
		this.store = store;
		this.dispatcher = dispatcher;
		this.transactions = transactions;
		this.answers = new DeliveryAnswers(metrics);
		this.clock = clock;
		this.bodyReader = new RequestBodyReader(maxPayloadSize, new BodyMemoryBudget(maxInFlight.toBytes()),
				readTimeout);
		this.storePayloads = storePayloads;
	}

	/**
	 * Receives one delivery.
	 * @param servletRequest the request
	 * @return the answer
	 * @throws IOException if the body cannot be read
	 */
	@SuppressWarnings("try") // the MDC entries are only put and removed, never read here
	public ResponseEntity<Object> receive(HttpServletRequest servletRequest) throws IOException {
		ReceivingEndpoint endpoint = endpointOf(servletRequest);
		try (MDC.MDCCloseable mdcEndpoint = MDC.putCloseable("webhook.endpoint", endpoint.name())) {
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
				return this.answers.readTimeout(endpoint, ex);
			}
			// The body's share of the memory budget is released once the delivery is answered.
			try (body) {
				return verifyAndProcess(endpoint, servletRequest, body.bytes());
			}
		}
	}

	@SuppressWarnings("try") // the MDC entries are only put and removed, never read here
	private ResponseEntity<Object> verifyAndProcess(ReceivingEndpoint endpoint, HttpServletRequest servletRequest,
			byte[] body) {
		WebhookRequest request = new WebhookRequest(urlOf(servletRequest), headersOf(servletRequest), body);
		VerifiedDelivery delivery;
		HandshakeReply handshake;
		try {
			delivery = endpoint.provider().verify(request, endpoint.settings(), this.clock);
			handshake = endpoint.provider().handshake(request, endpoint.settings(), delivery);
		}
		catch (WebhookRejectedException ex) {
			return this.answers.rejected(endpoint, ex);
		}
		if (handshake != null) {
			return this.answers.handshake(endpoint, delivery, handshake);
		}
		try (MDC.MDCCloseable mdcId = MDC.putCloseable("webhook.deliveryId", delivery.deliveryId());
				MDC.MDCCloseable mdcEvent = MDC.putCloseable("webhook.eventType", delivery.eventType())) {
			return claimAndDispatch(endpoint, request, delivery);
		}
	}

	/**
	 * Claims the delivery, runs its handlers and marks it completed, in one transaction: one
	 * commit per delivery, and nothing left behind if the process dies before it.
	 */
	private ResponseEntity<Object> claimAndDispatch(ReceivingEndpoint endpoint, WebhookRequest request,
			VerifiedDelivery delivery) {
		NewDelivery newDelivery = newDelivery(endpoint, request, delivery);
		if (!this.dispatcher.hasHandlers(endpoint.name(), delivery.eventType())) {
			return recordIgnored(endpoint, delivery, newDelivery);
		}
		WebhookEvent event = this.dispatcher.event(endpoint.name(), delivery.deliveryId(), delivery.eventType(),
				delivery.timestamp(), request.headers(), request.body(), request.parsedJsonBody());
		AtomicReference<DeliveryClaim> acquired = new AtomicReference<>();
		AtomicReference<RuntimeException> failure = new AtomicReference<>();
		Completion completion;
		try {
			completion = this.transactions.execute((transaction) -> {
				DeliveryClaim claim = this.store.claim(newDelivery);
				if (!claim.acquired()) {
					transaction.setRollbackOnly();
					return new Completion(claim, null);
				}
				acquired.set(claim);
				try {
					int handlers = this.dispatcher.dispatch(event);
					DeliveryStatus done = (handlers > 0) ? DeliveryStatus.PROCESSED : DeliveryStatus.IGNORED;
					this.store.complete(claim, done);
					return new Completion(claim, done);
				}
				catch (RuntimeException ex) {
					failure.set(ex);
					throw ex;
				}
			});
		}
		catch (RuntimeException ex) {
			DeliveryClaim claim = acquired.get();
			return (claim != null) ? handlersFailed(endpoint, delivery, claim, ex, failure.get())
					: claimFailed(endpoint, delivery, ex);
		}
		Assert.state(completion != null, "A delivery must have an outcome");
		if (completion.status() == null) {
			return (completion.claim().state() == DeliveryClaim.State.DUPLICATE)
					? this.answers.duplicate(endpoint, delivery) : this.answers.inProgress(endpoint, delivery);
		}
		return (completion.status() == DeliveryStatus.PROCESSED) ? this.answers.processed(endpoint, delivery)
				: this.answers.ignored(endpoint, delivery);
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
			DeliveryClaim claim, RuntimeException ex, @Nullable RuntimeException handlersFailure) {
		if (ex instanceof DeliveryClaimLostException) {
			return this.answers.inProgress(endpoint, delivery);
		}
		if (ex instanceof PayloadBindingException) {
			recordFailure(claim, ex);
			return this.answers.malformed(endpoint, delivery, ex.getMessage());
		}
		if (isStoreUnavailable(ex, handlersFailure)) {
			logger.warn("The database became unavailable while the handlers of delivery " + delivery.deliveryId()
					+ " to endpoint '" + endpoint.name() + "' ran; their transaction did not complete, so nothing "
					+ "of it was kept", ex);
			return this.answers.storeUnavailable(endpoint, delivery);
		}
		logger.error("A handler of delivery " + delivery.deliveryId() + " (" + delivery.eventType() + ") to endpoint '"
				+ endpoint.name() + "' failed; recorded as failed for a redelivery to retry", ex);
		recordFailure(claim, ex);
		return this.answers.handlerFailed(endpoint, delivery);
	}

	/**
	 * Whether the handlers' transaction ended in a failure of the database rather than of the
	 * handlers: the failure shows the database unavailable, or the rollback after the handlers
	 * failed did itself fail and replaced their exception.
	 */
	private static boolean isStoreUnavailable(RuntimeException thrown, @Nullable RuntimeException handlersFailure) {
		if (handlersFailure != null && handlersFailure != thrown) {
			return true;
		}
		return StoreUnavailability.caused(thrown);
	}

	private void recordFailure(DeliveryClaim claim, RuntimeException failure) {
		try {
			this.store.fail(claim, failure);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not record the failure of delivery " + claim.delivery().deliveryId()
					+ "; a redelivery runs its handlers again", ex);
		}
	}

	private ReceivingEndpoint endpointOf(HttpServletRequest request) {
		Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		ReceivingEndpoint endpoint = (pattern != null) ? this.endpoints.byPath(pattern.toString()) : null;
		if (endpoint == null) {
			throw new IllegalStateException("No webhook endpoint is mapped to " + pattern);
		}
		return endpoint;
	}

	private NewDelivery newDelivery(ReceivingEndpoint endpoint, WebhookRequest request, VerifiedDelivery delivery) {
		if (!this.storePayloads) {
			return new NewDelivery(endpoint.name(), delivery.deliveryId(), delivery.eventType(), null, Map.of());
		}
		Map<String, String> headers = new LinkedHashMap<>();
		request.headers().forEach((name, values) -> {
			if (!UNSTORED_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !values.isEmpty()) {
				headers.put(name, values.get(0));
			}
		});
		return new NewDelivery(endpoint.name(), delivery.deliveryId(), delivery.eventType(), request.body(), headers);
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

	/**
	 * How the transaction of a delivery ended.
	 *
	 * @param claim the claim
	 * @param status the completion mark, or {@code null} if the claim was not acquired
	 */
	private record Completion(DeliveryClaim claim, @Nullable DeliveryStatus status) {

	}

}
