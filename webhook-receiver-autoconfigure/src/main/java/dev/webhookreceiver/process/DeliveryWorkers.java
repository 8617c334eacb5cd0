package dev.webhookreceiver.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import dev.webhookreceiver.WebhookEvent;
import dev.webhookreceiver.dispatch.WebhookDispatcher;
import dev.webhookreceiver.process.DeliveryProcessor.Result;
import dev.webhookreceiver.store.DeliveryClaim;
import dev.webhookreceiver.store.DeliveryKey;
import dev.webhookreceiver.store.DeliveryStore;
import dev.webhookreceiver.store.DeliveryStoreUnavailableException;
import dev.webhookreceiver.store.NewDelivery;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;

/**
 * The workers that process stored deliveries: those of async endpoints, and the failed ones of
 * sync endpoints that retry them ({@code processing.retry-failed}). Endpoints with the same
 * {@code concurrency}, {@code poll-interval} and {@code lease} share a group of
 * {@code concurrency} threads; each thread claims one delivery at a time, processes it with the
 * {@link DeliveryProcessor}, and claims the next one:
 * <ol>
 * <li>one handed off by this instance's request path just after it was stored, at once;</li>
 * <li>otherwise any delivery of the group's endpoints that is due, from any instance: never
 * processed, failed and due for another attempt, or claimed by a worker whose lease expired;</li>
 * <li>otherwise it waits for a hand-off, at most {@code poll-interval}, and looks again.</li>
 * </ol>
 * Started after the context is ready; stopped with Spring's graceful shutdown: the workers take
 * nothing new and finish the delivery they hold (or leave it to its lease, if the shutdown
 * phase times out first).
 */
public final class DeliveryWorkers implements SmartLifecycle, DeliveryHandOff {

	/**
	 * The phase the workers start and stop in: after the web server stops taking deliveries
	 * (which runs in {@code DEFAULT_PHASE - 1024} and {@code - 2048}), so that the deliveries
	 * stored by the last requests are still handed off.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Log logger = LogFactory.getLog(DeliveryWorkers.class);

	/** Hand-offs waiting beyond this many per group are left to the poll. */
	private static final int MAX_WAITING_HAND_OFFS = 10_000;

	/** What wakes a waiting worker to stop. */
	private static final long STOP = -1;

	private final DeliveryStore store;

	private final DeliveryProcessor processor;

	private final WebhookDispatcher dispatcher;

	private final Map<String, ProcessingSettings> endpoints;

	private final Map<String, Group> groups = new LinkedHashMap<>();

	private final Object lifecycleMonitor = new Object();

	private volatile boolean running;

	/**
	 * Creates the workers.
	 * @param store the delivery store
	 * @param processor what processes a claimed delivery
	 * @param dispatcher the dispatcher that rebuilds a delivery's event
	 * @param endpoints the processing settings of the endpoints whose deliveries workers
	 * process, by endpoint name
	 */
	public DeliveryWorkers(DeliveryStore store, DeliveryProcessor processor, WebhookDispatcher dispatcher,
			Map<String, ProcessingSettings> endpoints) {
		this.store = store;
		this.processor = processor;
		this.dispatcher = dispatcher;
		this.endpoints = Map.copyOf(endpoints);
		Map<GroupKey, List<String>> byKey = new LinkedHashMap<>();
		endpoints.forEach((name, settings) -> {
			Assert.isTrue(settings.byWorkers(), () -> "Workers do not process the deliveries of endpoint " + name);
			byKey.computeIfAbsent(new GroupKey(settings.concurrency(), settings.pollInterval(), settings.lease()),
					(key) -> new ArrayList<>())
				.add(name);
		});
		int index = 0;
		for (Map.Entry<GroupKey, List<String>> entry : byKey.entrySet()) {
			Group group = new Group(index++, entry.getKey(), List.copyOf(entry.getValue()));
			entry.getValue().forEach((name) -> this.groups.put(name, group));
		}
	}

	@Override
	public void handOff(String endpoint, long recordId) {
		Group group = this.groups.get(endpoint);
		if (group != null && this.running && group.handOffs.size() < MAX_WAITING_HAND_OFFS) {
			group.handOffs.offer(recordId);
		}
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.running) {
				return;
			}
			this.running = true;
			distinctGroups().forEach(Group::start);
			if (!this.groups.isEmpty()) {
				logger.info("Started " + distinctGroups().stream().mapToInt((group) -> group.key.concurrency()).sum()
						+ " webhook delivery workers for endpoints " + this.groups.keySet());
			}
		}
	}

	@Override
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			if (!this.running) {
				return;
			}
			this.running = false;
			List<Group> groups = distinctGroups();
			groups.forEach(Group::wakeToStop);
			for (Group group : groups) {
				group.join();
			}
		}
	}

	@Override
	public void stop(Runnable callback) {
		Thread stopping = new Thread(() -> {
			try {
				stop();
			}
			finally {
				callback.run();
			}
		}, "webhook-workers-stop");
		stopping.setDaemon(true);
		stopping.start();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private List<Group> distinctGroups() {
		return this.groups.values().stream().distinct().toList();
	}

	@SuppressWarnings("try") // the MDC entries are only put and removed, never read here
	private void process(DeliveryClaim claim) {
		NewDelivery delivery = claim.delivery();
		ProcessingSettings settings = this.endpoints.get(delivery.endpoint());
		Assert.state(settings != null, () -> "A worker claimed a delivery of endpoint " + delivery.endpoint());
		try (MDC.MDCCloseable mdcEndpoint = MDC.putCloseable("webhook.endpoint", delivery.endpoint());
				MDC.MDCCloseable mdcId = MDC.putCloseable("webhook.deliveryId", delivery.deliveryId());
				MDC.MDCCloseable mdcEvent = MDC.putCloseable("webhook.eventType", delivery.eventType())) {
			if (claim.attempt() > settings.maxAttempts()) {
				giveUpOverrun(claim, settings);
				return;
			}
			DeliveryKey key = DeliveryKey.of(delivery.deliveryId());
			WebhookEvent event = this.dispatcher.event(delivery.endpoint(), key.pathVariables(), key.deliveryId(),
					delivery.eventType(), delivery.signedAt(), headersOf(delivery), bodyOf(delivery), null);
			report(claim, settings, this.processor.process(claim, event, settings));
		}
	}

	/**
	 * Records a delivery dead that was claimed for an attempt beyond the endpoint's
	 * {@code max-attempts}, without running its handlers: its last attempt did not complete
	 * within its lease (its worker died, or its handlers hang), or {@code max-attempts} was
	 * lowered since it failed. Taken over again and again, a delivery whose handlers hang would
	 * hold one more worker at every lease, until it held all of them, on every instance.
	 */
	private void giveUpOverrun(DeliveryClaim claim, ProcessingSettings settings) {
		String which = which(claim.delivery());
		int last = settings.maxAttempts();
		String error = "The last attempt (" + last + " of " + last + ") of " + which
				+ " did not complete within its lease of " + settings.lease()
				+ ": its worker died or its handlers overran the lease (or max-attempts was lowered since)";
		this.store.giveUp(claim, new IllegalStateException(error));
		logger.error(error + "; recorded as dead without running its handlers again, kept until it is replayed");
	}

	private static String which(NewDelivery delivery) {
		return "delivery " + delivery.deliveryId() + " (" + delivery.eventType() + ") to endpoint '"
				+ delivery.endpoint() + "'";
	}

	private static void report(DeliveryClaim claim, ProcessingSettings settings, Result result) {
		NewDelivery delivery = claim.delivery();
		String which = which(delivery);
		switch (result.outcome()) {
			case FAILED -> logger.warn("Attempt " + claim.attempt() + " of " + settings.maxAttempts() + " of " + which
					+ " failed; recorded as failed, to be retried at " + result.nextAttemptAt(), result.failure());
			case DEAD -> logger.error("The last attempt (" + claim.attempt() + " of " + settings.maxAttempts()
					+ ") of " + which + " failed; recorded as dead, kept with its last error until it is replayed",
					result.failure());
			case STORE_UNAVAILABLE -> logger.warn("The database became unavailable while the handlers of " + which
					+ " ran; their transaction did not complete, and a worker takes the delivery over once its "
					+ "lease expires", result.failure());
			case CLAIM_LOST -> logger.warn("Attempt " + claim.attempt() + " of " + which + " overran its lease of "
					+ settings.lease() + " and another worker took the delivery over (or recorded it dead, if it "
					+ "was the last attempt); its transaction rolled back");
			default -> {
			}
		}
	}

	private static HttpHeaders headersOf(NewDelivery delivery) {
		HttpHeaders headers = new HttpHeaders();
		delivery.headers().forEach(headers::add);
		return headers;
	}

	private static byte[] bodyOf(NewDelivery delivery) {
		byte[] payload = delivery.payload();
		return (payload != null) ? payload : new byte[0];
	}

	/**
	 * What endpoints must share to share workers.
	 */
	private record GroupKey(int concurrency, Duration pollInterval, Duration lease) {

	}

	/**
	 * The workers of endpoints that share their settings.
	 */
	private final class Group {

		private final int index;

		private final GroupKey key;

		private final List<String> endpoints;

		private final BlockingQueue<Long> handOffs = new LinkedBlockingQueue<>();

		private final List<Thread> threads = new ArrayList<>();

		private final AtomicBoolean storeUnavailable = new AtomicBoolean();

		Group(int index, GroupKey key, List<String> endpoints) {
			this.index = index;
			this.key = key;
			this.endpoints = endpoints;
		}

		void start() {
			this.handOffs.clear();
			this.threads.clear();
			for (int i = 0; i < this.key.concurrency(); i++) {
				Thread thread = new Thread(this::work, "webhook-worker-" + this.index + "-" + (i + 1));
				thread.setDaemon(true);
				this.threads.add(thread);
				thread.start();
			}
		}

		void wakeToStop() {
			this.handOffs.clear();
			for (int i = 0; i < this.threads.size(); i++) {
				this.handOffs.offer(STOP);
			}
		}

		void join() {
			boolean interrupted = false;
			for (Thread thread : this.threads) {
				while (thread.isAlive()) {
					try {
						thread.join();
					}
					catch (InterruptedException ex) {
						interrupted = true;
					}
				}
			}
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}

		/**
		 * Claims and processes deliveries until the workers stop, which they learn from
		 * {@code running} and the {@link #STOP} hand-off, never from an interrupt: a stray
		 * interrupt must not end a worker (the {@link DeliveryProcessor} clears one that a
		 * handler left).
		 */
		private void work() {
			while (DeliveryWorkers.this.running) {
				try {
					DeliveryClaim claim = next();
					storeReachable();
					if (claim != null) {
						process(claim);
					}
				}
				catch (InterruptedException ex) {
					// Cleared by the exception; the loop ends when the workers stop.
				}
				catch (DeliveryStoreUnavailableException ex) {
					storeUnavailable(ex);
					pause();
				}
				catch (RuntimeException ex) {
					logger.warn("A webhook delivery worker could not claim or process a delivery; it tries again in "
							+ this.key.pollInterval(), ex);
					pause();
				}
			}
		}

		private void storeUnavailable(DeliveryStoreUnavailableException ex) {
			// Once per outage and group, not once per poll and worker.
			if (!this.storeUnavailable.getAndSet(true)) {
				logger.warn("The workers of endpoints " + this.endpoints + " cannot reach the delivery store; they "
						+ "try again every " + this.key.pollInterval(), ex);
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("The delivery store is still unavailable", ex);
			}
		}

		private void storeReachable() {
			if (this.storeUnavailable.get() && this.storeUnavailable.getAndSet(false)) {
				logger.info("The workers of endpoints " + this.endpoints + " reach the delivery store again");
			}
		}

		/**
		 * The next delivery to process: handed off, due, or handed off while waiting.
		 */
		private @Nullable DeliveryClaim next() throws InterruptedException {
			Long handedOff = this.handOffs.poll();
			if (handedOff == null) {
				DeliveryClaim due = DeliveryWorkers.this.store.claimDue(this.endpoints, this.key.lease());
				if (due != null) {
					return due;
				}
				handedOff = this.handOffs.poll(this.key.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
			}
			if (handedOff == null || handedOff == STOP || !DeliveryWorkers.this.running) {
				return null;
			}
			return DeliveryWorkers.this.store.claimStored(handedOff, this.key.lease());
		}

		private void pause() {
			try {
				Long woken = this.handOffs.poll(this.key.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
				if (woken != null && woken != STOP) {
					// Not claimed now: the next poll finds it.
					return;
				}
			}
			catch (InterruptedException ex) {
				// Cleared by the exception; the loop ends when the workers stop.
			}
		}

	}

}
