package dev.webhookreceiver.process;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import dev.webhookreceiver.WebhookEvent;
import dev.webhookreceiver.dispatch.WebhookDispatcher;
import dev.webhookreceiver.dispatch.WebhookHandlerMethod;
import dev.webhookreceiver.dispatch.WebhookHandlerRegistry;
import dev.webhookreceiver.process.DeliveryProcessor.Result;
import dev.webhookreceiver.store.DeliveryClaim;
import dev.webhookreceiver.store.DeliveryKey;
import dev.webhookreceiver.store.DeliveryRecord;
import dev.webhookreceiver.store.DeliveryStatus;
import dev.webhookreceiver.store.DeliveryStore;
import dev.webhookreceiver.store.DeliveryStoreUnavailableException;
import dev.webhookreceiver.verify.DeliverySecrets;
import dev.webhookreceiver.verify.VerifiedDelivery;
import dev.webhookreceiver.verify.WebhookEndpoint;
import dev.webhookreceiver.verify.WebhookProvider;
import dev.webhookreceiver.verify.WebhookRejectedException;
import dev.webhookreceiver.verify.WebhookRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;

/**
 * What operators do with recorded deliveries, from code or through the Actuator endpoint
 * {@code webhooks}: see how many are in each status, list and read them, replay them and
 * delete them.
 * <p>
 * A replay verifies the stored body, headers and URL with the endpoint's provider again, so
 * that a record changed in the database, or signed with a secret that is no longer configured,
 * is refused. The signature is checked; the timestamp is not, since a replay is late by
 * design. A delivery of a sync endpoint is then processed at once by the
 * {@link DeliveryProcessor}, its handlers in one transaction with the completion mark, as
 * another attempt; one of an async endpoint is put back for the workers, {@code RECEIVED} with
 * no attempts and due now. A delivery that is being processed ({@code PROCESSING} within its
 * lease) is not replayed, nor one whose payload was not stored ({@code webhook.receiver.store.store-payloads=false}).
 * <p>
 * Call its methods outside a transaction: each change commits on its own.
 */
public final class WebhookDeliveries {

	/** How many deliveries {@link #list} lists when not told. */
	public static final int DEFAULT_LIMIT = 100;

	/** The most deliveries {@link #list} lists at once. */
	public static final int MAX_LIMIT = 1000;

	/** How many deliveries {@link #replayAll} reads at a time. */
	static final int REPLAY_BATCH_SIZE = 100;

	/** How many refused replays {@link #replayAll} reports one by one. */
	static final int MAX_REPORTED_REFUSALS = 20;

	/**
	 * The timestamp tolerance a replay is verified with: any signed timestamp passes, and a
	 * provider that computes with the tolerance does not overflow.
	 */
	private static final Duration REPLAY_TOLERANCE = ChronoUnit.MILLENNIA.getDuration();

	private static final Log logger = LogFactory.getLog(WebhookDeliveries.class);

	private final DeliveryStore store;

	private final DeliveryProcessor processor;

	private final WebhookDispatcher dispatcher;

	private final WebhookHandlerRegistry registry;

	private final DeliveryHandOff handOff;

	private final Map<String, ConfiguredEndpoint> endpoints = new LinkedHashMap<>();

	private final DeliverySecrets secrets;

	private final Clock clock;

	/**
	 * Creates the operations.
	 * @param store the delivery store
	 * @param processor what processes the replayed deliveries of sync endpoints
	 * @param dispatcher the dispatcher that builds a replayed delivery's event
	 * @param registry the handlers, for the summary
	 * @param handOff what gives the deliveries put back for async endpoints to the workers
	 * @param endpoints the configured endpoints
	 * @param secrets the secrets replayed deliveries are verified with, as new ones are
	 * @param clock the clock that tells whether a lease holds
	 */
	public WebhookDeliveries(DeliveryStore store, DeliveryProcessor processor, WebhookDispatcher dispatcher,
			WebhookHandlerRegistry registry, DeliveryHandOff handOff, Collection<ConfiguredEndpoint> endpoints,
			DeliverySecrets secrets, Clock clock) {
		this.store = store;
		this.processor = processor;
		this.dispatcher = dispatcher;
		this.registry = registry;
		this.handOff = handOff;
		endpoints.forEach((endpoint) -> this.endpoints.put(endpoint.settings().name(), endpoint));
		this.secrets = secrets;
		this.clock = clock;
	}

	/**
	 * The configured endpoints with their handlers, and how many deliveries are recorded in
	 * each status: none with a store that does not
	 * {@linkplain DeliveryStore#supportsOperations() support operations}.
	 * @return the summary
	 * @throws DeliveryStoreUnavailableException if the database cannot be reached
	 */
	public Summary summary() {
		Map<String, EndpointSummary> endpoints = new LinkedHashMap<>();
		this.endpoints.forEach((name, endpoint) -> endpoints.put(name,
				new EndpointSummary(endpoint.provider().name(), endpoint.settings().path(),
						endpoint.processing().mode().name().toLowerCase(Locale.ROOT),
						this.registry.handlersOf(name).stream().map(WebhookHandlerMethod::toString).toList())));
		return new Summary(endpoints, this.store.supportsOperations() ? this.store.counts().byStatus() : Map.of());
	}

	/**
	 * Lists the recorded deliveries of an endpoint, newest first, without their payloads and
	 * headers.
	 * @param endpoint the endpoint name
	 * @param status the status to list, or {@code null} for all
	 * @param limit the most deliveries to list, at most {@value #MAX_LIMIT}; {@code null} for
	 * {@value #DEFAULT_LIMIT}
	 * @return the deliveries, empty if the endpoint has none
	 * @throws DeliveryStoreUnavailableException if the database cannot be reached
	 */
	public List<DeliveryRecord> list(String endpoint, @Nullable DeliveryStatus status, @Nullable Integer limit) {
		int max = (limit != null) ? limit : DEFAULT_LIMIT;
		Assert.isTrue(max > 0 && max <= MAX_LIMIT, () -> "The limit must be between 1 and " + MAX_LIMIT + ", not " + max);
		return this.store.list(endpoint, status, null, max);
	}

	/**
	 * Reads a recorded delivery with its payload and headers.
	 * @param endpoint the endpoint name
	 * @param deliveryId the delivery id
	 * @return the delivery, or {@code null} if none is recorded
	 * @throws DeliveryStoreUnavailableException if the database cannot be reached
	 */
	public @Nullable DeliveryRecord find(String endpoint, String deliveryId) {
		return this.store.find(endpoint, deliveryId);
	}

	/**
	 * Replays a recorded delivery: verifies what was stored of it again, then processes it at
	 * once (sync endpoints) or puts it back for the workers (async endpoints).
	 * @param endpoint the endpoint name
	 * @param deliveryId the delivery id
	 * @return what became of the delivery, or why it was not replayed
	 */
	public Replay replay(String endpoint, String deliveryId) {
		ConfiguredEndpoint configured = this.endpoints.get(endpoint);
		if (configured == null) {
			return new Replay(endpoint, deliveryId, ReplayOutcome.NOT_FOUND, null,
					"No webhook endpoint named '" + endpoint + "' is configured");
		}
		try {
			DeliveryRecord delivery = this.store.find(endpoint, deliveryId);
			if (delivery == null) {
				return new Replay(endpoint, deliveryId, ReplayOutcome.NOT_FOUND, null,
						"No delivery '" + deliveryId + "' of endpoint '" + endpoint + "' is recorded");
			}
			return replay(configured, delivery);
		}
		catch (DeliveryStoreUnavailableException ex) {
			return new Replay(endpoint, deliveryId, ReplayOutcome.STORE_UNAVAILABLE, null, ex.getMessage());
		}
	}

	/**
	 * Replays every recorded delivery of an endpoint in a status, a batch at a time, as
	 * {@link #replay(String, String)} does each.
	 * @param endpoint the endpoint name
	 * @param status the status of the deliveries to replay; not {@code PROCESSING}
	 * @return how many were replayed, what became of them, and which were not replayed; or
	 * {@code null} if no such endpoint is configured
	 * @throws DeliveryStoreUnavailableException if the database cannot be reached, or became
	 * unavailable while the handlers of a delivery ran: the replay of the deliveries after it
	 * is not attempted, those before it stay replayed
	 */
	public @Nullable ReplayAll replayAll(String endpoint, DeliveryStatus status) {
		Assert.isTrue(status != DeliveryStatus.PROCESSING, "Deliveries being processed cannot be replayed");
		ConfiguredEndpoint configured = this.endpoints.get(endpoint);
		if (configured == null) {
			return null;
		}
		Map<DeliveryStatus, Integer> statuses = new EnumMap<>(DeliveryStatus.class);
		List<Replay> refusals = new ArrayList<>();
		int replayed = 0;
		int refused = 0;
		Long beforeId = null;
		List<DeliveryRecord> batch;
		do {
			batch = this.store.list(endpoint, status, beforeId, REPLAY_BATCH_SIZE);
			for (DeliveryRecord listed : batch) {
				beforeId = listed.id();
				DeliveryRecord delivery = this.store.find(endpoint, listed.deliveryId());
				Replay replay = (delivery != null) ? replay(configured, delivery)
						: new Replay(endpoint, listed.deliveryId(), ReplayOutcome.NOT_FOUND, null, "Deleted meanwhile");
				if (replay.outcome() == ReplayOutcome.STORE_UNAVAILABLE) {
					throw new DeliveryStoreUnavailableException(String.valueOf(replay.detail()), null);
				}
				if (replay.replayed()) {
					replayed++;
					DeliveryStatus now = replay.status();
					if (now != null) {
						statuses.merge(now, 1, Integer::sum);
					}
				}
				else {
					refused++;
					if (refusals.size() < MAX_REPORTED_REFUSALS) {
						refusals.add(replay);
					}
				}
			}
		}
		while (batch.size() == REPLAY_BATCH_SIZE);
		return new ReplayAll(endpoint, status, replayed, statuses, refused, refusals);
	}

	/**
	 * Deletes a recorded delivery, unless it is being processed.
	 * @param endpoint the endpoint name
	 * @param deliveryId the delivery id
	 * @return whether it was deleted, or why not
	 */
	public DeleteOutcome delete(String endpoint, String deliveryId) {
		try {
			DeliveryRecord delivery = this.store.find(endpoint, deliveryId);
			if (delivery == null) {
				return DeleteOutcome.NOT_FOUND;
			}
			if (delivery.isBeingProcessed(this.clock.instant()) || !this.store.delete(delivery)) {
				return DeleteOutcome.IN_PROGRESS;
			}
			return DeleteOutcome.DELETED;
		}
		catch (DeliveryStoreUnavailableException ex) {
			return DeleteOutcome.STORE_UNAVAILABLE;
		}
	}

	@SuppressWarnings("try") // the MDC entries are only put and removed, never read here
	private Replay replay(ConfiguredEndpoint endpoint, DeliveryRecord delivery) {
		String name = endpoint.settings().name();
		if (delivery.isBeingProcessed(this.clock.instant())) {
			return refused(delivery, ReplayOutcome.IN_PROGRESS, "Delivery '" + delivery.deliveryId()
					+ "' is being processed; once its lease expires, it can be replayed, and a worker or a "
					+ "redelivery takes it over");
		}
		byte[] payload = delivery.payload();
		if (payload == null) {
			return refused(delivery, ReplayOutcome.NOT_STORED, "The payload of delivery '" + delivery.deliveryId()
					+ "' was not stored (webhook.receiver.store.store-payloads was false), so it cannot be "
					+ "verified and replayed");
		}
		HttpHeaders headers = new HttpHeaders();
		delivery.headers().forEach(headers::add);
		WebhookRequest request = new WebhookRequest((delivery.requestUrl() != null) ? delivery.requestUrl() : "",
				headers, payload);
		DeliveryKey key = DeliveryKey.of(delivery.deliveryId());
		VerifiedDelivery verified;
		try {
			verified = verify(endpoint, delivery, key, request);
		}
		catch (WebhookRejectedException ex) {
			return refused(delivery, ReplayOutcome.NOT_VERIFIED,
					"The stored delivery fails verification with the endpoint's provider: " + ex.getMessage());
		}
		try (MDC.MDCCloseable mdcEndpoint = MDC.putCloseable("webhook.endpoint", name);
				MDC.MDCCloseable mdcId = MDC.putCloseable("webhook.deliveryId", delivery.deliveryId());
				MDC.MDCCloseable mdcEvent = MDC.putCloseable("webhook.eventType", verified.eventType())) {
			if (endpoint.processing().mode() == ProcessingMode.ASYNC) {
				if (!this.store.requeue(delivery)) {
					return changed(delivery);
				}
				this.handOff.handOff(name, delivery.id());
				logger.info("Delivery " + delivery.deliveryId() + " to endpoint '" + name + "' was put back for the "
						+ "workers by a replay");
				return new Replay(name, delivery.deliveryId(), ReplayOutcome.QUEUED, DeliveryStatus.RECEIVED, null);
			}
			DeliveryClaim claim = this.store.claimForReplay(delivery, endpoint.processing().lease());
			if (claim == null) {
				return changed(delivery);
			}
			WebhookEvent event = this.dispatcher.event(name, key.pathVariables(), key.deliveryId(),
					verified.eventType(), verified.timestamp(), request.headers(), payload, request.parsedJsonBody());
			return replayed(delivery, this.processor.process(claim, event, endpoint.processing()));
		}
	}

	/**
	 * Verifies a stored delivery as a new one is verified, with the secrets of its endpoint (or
	 * of its tenant, named by the path variables in its recorded id), except for the age of its
	 * timestamp: the clock stands at the time it was signed, and any timestamp is within the
	 * tolerance.
	 */
	private VerifiedDelivery verify(ConfiguredEndpoint endpoint, DeliveryRecord delivery, DeliveryKey key,
			WebhookRequest request) {
		WebhookEndpoint settings = this.secrets.settingsFor(endpoint.settings(), endpoint.provider(),
				key.pathVariables(), request.headers());
		Clock signingTime = (delivery.signedAt() != null) ? Clock.fixed(delivery.signedAt(), ZoneOffset.UTC)
				: this.clock;
		VerifiedDelivery verified = endpoint.provider()
			.verify(request, settings.withTolerance(REPLAY_TOLERANCE), signingTime);
		request.requireWellFormedBody();
		if (!verified.deliveryId().equals(key.deliveryId())) {
			throw new WebhookRejectedException(WebhookRejectedException.Reason.INVALID_SIGNATURE,
					"its signed content is delivery '" + verified.deliveryId() + "', not '" + key.deliveryId() + "'");
		}
		return verified;
	}

	private Replay replayed(DeliveryRecord delivery, Result result) {
		String endpoint = delivery.endpoint();
		RuntimeException failure = result.failure();
		return switch (result.outcome()) {
			case PROCESSED -> new Replay(endpoint, delivery.deliveryId(), ReplayOutcome.REPLAYED,
					DeliveryStatus.PROCESSED, null);
			case IGNORED -> new Replay(endpoint, delivery.deliveryId(), ReplayOutcome.REPLAYED, DeliveryStatus.IGNORED,
					null);
			case FAILED, DEAD -> {
				DeliveryStatus status = (result.outcome() == DeliveryProcessor.Outcome.DEAD) ? DeliveryStatus.DEAD
						: DeliveryStatus.FAILED;
				logger.warn("A handler of delivery " + delivery.deliveryId() + " to endpoint '" + endpoint
						+ "' failed again when replayed; recorded as " + status.name().toLowerCase(Locale.ROOT), failure);
				yield new Replay(endpoint, delivery.deliveryId(), ReplayOutcome.REPLAYED, status,
						(failure != null) ? failure.toString() : null);
			}
			case STORE_UNAVAILABLE -> new Replay(endpoint, delivery.deliveryId(), ReplayOutcome.STORE_UNAVAILABLE, null,
					"The database became unavailable while the handlers ran; nothing of the replay was kept");
			case CLAIM_LOST, DUPLICATE, IN_PROGRESS, NOT_CLAIMED -> changed(delivery);
		};
	}

	private static Replay changed(DeliveryRecord delivery) {
		return refused(delivery, ReplayOutcome.IN_PROGRESS, "Delivery '" + delivery.deliveryId()
				+ "' changed while it was being replayed: a request or worker took it; read it again");
	}

	private static Replay refused(DeliveryRecord delivery, ReplayOutcome outcome, String detail) {
		return new Replay(delivery.endpoint(), delivery.deliveryId(), outcome, null, detail);
	}

	/**
	 * A configured endpoint, as a replay needs it.
	 *
	 * @param settings the endpoint's settings
	 * @param provider the provider that verifies its deliveries
	 * @param processing how its deliveries are processed
	 */
	public record ConfiguredEndpoint(WebhookEndpoint settings, WebhookProvider provider,
			ProcessingSettings processing) {

	}

	/**
	 * The configured endpoints and the number of deliveries in each status.
	 *
	 * @param endpoints the endpoints, by name
	 * @param deliveries the number of recorded deliveries in each status
	 */
	public record Summary(Map<String, EndpointSummary> endpoints, Map<DeliveryStatus, Long> deliveries) {

	}

	/**
	 * A configured endpoint.
	 *
	 * @param provider the provider's name
	 * @param path the request path
	 * @param mode {@code sync} or {@code async}
	 * @param handlers the handler methods that may run for its deliveries, in order
	 */
	public record EndpointSummary(String provider, String path, String mode, List<String> handlers) {

	}

	/**
	 * What a replay did.
	 *
	 * @param endpoint the endpoint name
	 * @param deliveryId the delivery id
	 * @param outcome whether the delivery was replayed, or why not
	 * @param status the delivery's status after the replay, if replayed
	 * @param detail why it was not replayed, or what a handler threw when replayed
	 */
	public record Replay(String endpoint, String deliveryId, ReplayOutcome outcome, @Nullable DeliveryStatus status,
			@Nullable String detail) {

		/**
		 * Whether the delivery was replayed.
		 * @return whether it was processed again or put back for the workers
		 */
		public boolean replayed() {
			return this.outcome == ReplayOutcome.REPLAYED || this.outcome == ReplayOutcome.QUEUED;
		}

	}

	/**
	 * Whether a delivery was replayed, or why not.
	 */
	public enum ReplayOutcome {

		/** Processed again at once (sync endpoint); its status tells how it went. */
		REPLAYED,

		/** Put back for the workers (async endpoint): {@code RECEIVED}, no attempts, due now. */
		QUEUED,

		/** No such endpoint is configured, or no such delivery is recorded. */
		NOT_FOUND,

		/** A request or worker is processing it, or took it while it was being replayed. */
		IN_PROGRESS,

		/** Its payload was not stored, so it cannot be verified and replayed. */
		NOT_STORED,

		/** What was stored of it fails verification: changed, or signed with another secret. */
		NOT_VERIFIED,

		/**
		 * The database cannot be reached, or became unavailable while its handlers ran: nothing
		 * of the replay was kept.
		 */
		STORE_UNAVAILABLE

	}

	/**
	 * What replaying all deliveries of an endpoint in a status did.
	 *
	 * @param endpoint the endpoint name
	 * @param status the status of the deliveries replayed
	 * @param replayed how many deliveries were replayed
	 * @param statuses how many replayed deliveries are in each status after their replay
	 * @param refused how many deliveries were not replayed
	 * @param refusals the first {@value WebhookDeliveries#MAX_REPORTED_REFUSALS} deliveries that
	 * were not replayed, and why
	 */
	public record ReplayAll(String endpoint, DeliveryStatus status, int replayed,
			Map<DeliveryStatus, Integer> statuses, int refused, List<Replay> refusals) {

	}

	/**
	 * Whether a delivery was deleted, or why not.
	 */
	public enum DeleteOutcome {

		/** The record was deleted. */
		DELETED,

		/** No such delivery is recorded. */
		NOT_FOUND,

		/** A request or worker is processing it, or took it meanwhile. */
		IN_PROGRESS,

		/** The database cannot be reached: nothing was deleted. */
		STORE_UNAVAILABLE

	}

}
