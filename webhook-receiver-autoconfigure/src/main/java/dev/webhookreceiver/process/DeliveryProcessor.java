package dev.webhookreceiver.process;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.webhookreceiver.WebhookEvent;
import dev.webhookreceiver.dispatch.WebhookDispatcher;
import dev.webhookreceiver.dispatch.WebhookDispatcher.Dispatch;
import dev.webhookreceiver.dispatch.WebhookHandlerException;
import dev.webhookreceiver.dispatch.WebhookReply;
import dev.webhookreceiver.store.DeliveryClaim;
import dev.webhookreceiver.store.DeliveryClaimLostException;
import dev.webhookreceiver.store.DeliveryStatus;
import dev.webhookreceiver.store.DeliveryStore;
import dev.webhookreceiver.store.NewDelivery;
import dev.webhookreceiver.store.StoreUnavailability;

import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

/**
 * The one place that processes a claimed delivery: runs its handlers and marks it
 * {@code PROCESSED} (or {@code IGNORED} when none ran) in one transaction, so that the
 * handlers' own writes on the same database commit or roll back with the mark; or, when a
 * handler fails (with an exception, or an error such as an {@code AssertionError}, which is
 * wrapped in a {@link WebhookHandlerException}), records the failure in a transaction of its
 * own, with the time of the next attempt for the workers, or {@code DEAD} once the endpoint's
 * attempts are used up.
 * <p>
 * The sync request path claims the delivery in that same transaction
 * ({@link #claimAndProcess}); workers process a delivery they claimed before in a committed
 * transaction with a lease ({@link #process}). Neither answers nor logs: the caller does, from
 * the {@link Result}.
 */
public final class DeliveryProcessor {

	private static final Log logger = LogFactory.getLog(DeliveryProcessor.class);

	private final DeliveryStore store;

	private final WebhookDispatcher dispatcher;

	private final TransactionOperations transactions;

	private final Clock clock;

	/**
	 * Creates the processor.
	 * @param store the delivery store
	 * @param dispatcher the dispatcher to the handlers
	 * @param transactions the transactions that handlers run in with the completion mark
	 * @param clock the clock that schedules the next attempts
	 */
	public DeliveryProcessor(DeliveryStore store, WebhookDispatcher dispatcher, TransactionOperations transactions,
			Clock clock) {
		this.store = store;
		this.dispatcher = dispatcher;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * Claims a new delivery, runs its handlers and marks it completed, in one transaction: one
	 * commit per delivery, and nothing left behind if the process dies before it.
	 * @param delivery the verified delivery
	 * @param event the event the handlers get
	 * @param settings the processing settings of the delivery's endpoint
	 * @return what became of the delivery
	 */
	public Result claimAndProcess(NewDelivery delivery, WebhookEvent event, ProcessingSettings settings) {
		return run(() -> this.store.claim(delivery), event, settings);
	}

	/**
	 * Runs the handlers of a delivery that a worker claimed, and marks it completed in the
	 * same transaction, or records the failure.
	 * @param claim the acquired claim
	 * @param event the event the handlers get, rebuilt from the stored delivery
	 * @param settings the processing settings of the delivery's endpoint
	 * @return what became of the delivery
	 */
	public Result process(DeliveryClaim claim, WebhookEvent event, ProcessingSettings settings) {
		Assert.isTrue(claim.acquired(), () -> "Only an acquired claim can be processed, not " + claim);
		return run(() -> claim, event, settings);
	}

	private Result run(Supplier<DeliveryClaim> claimer, WebhookEvent event, ProcessingSettings settings) {
		AtomicReference<DeliveryClaim> acquired = new AtomicReference<>();
		AtomicReference<RuntimeException> claimFailure = new AtomicReference<>();
		AtomicReference<RuntimeException> handlersFailure = new AtomicReference<>();
		Result result;
		try {
			result = this.transactions.execute((transaction) -> {
				DeliveryClaim claim;
				try {
					claim = claimer.get();
				}
				catch (RuntimeException ex) {
					claimFailure.set(ex);
					throw ex;
				}
				if (!claim.acquired()) {
					transaction.setRollbackOnly();
					return new Result((claim.state() == DeliveryClaim.State.DUPLICATE) ? Outcome.DUPLICATE
							: Outcome.IN_PROGRESS, claim, null, null);
				}
				acquired.set(claim);
				try {
					Dispatch dispatch;
					try {
						dispatch = this.dispatcher.dispatchWithReply(event);
					}
					finally {
						clearInterrupt(event);
					}
					boolean handled = dispatch.handlers() > 0;
					this.store.complete(claim, handled ? DeliveryStatus.PROCESSED : DeliveryStatus.IGNORED);
					return new Result(handled ? Outcome.PROCESSED : Outcome.IGNORED, claim, null, null,
							dispatch.reply());
				}
				catch (RuntimeException ex) {
					handlersFailure.set(ex);
					throw ex;
				}
				catch (Error ex) {
					// An AssertionError or a StackOverflowError fails the attempt as an exception
					// does: recorded, retried, and no end to the worker thread that ran it.
					RuntimeException failure = new WebhookHandlerException("A handler of delivery '"
							+ event.deliveryId() + "' threw " + ex, ex);
					handlersFailure.set(failure);
					throw failure;
				}
			});
		}
		catch (RuntimeException ex) {
			DeliveryClaim claim = acquired.get();
			if (claim != null) {
				return failed(claim, ex, handlersFailure.get(), settings);
			}
			// What failed is the claim, also when the rollback after it failed too and replaced it.
			RuntimeException claimFailed = claimFailure.get();
			return new Result(Outcome.NOT_CLAIMED, null, (claimFailed != null) ? claimFailed : ex, null);
		}
		Assert.state(result != null, "A delivery must have an outcome");
		return result;
	}

	/**
	 * Clears the interrupt that a handler left on its thread, as one does that restores the
	 * interrupt of an {@code InterruptedException} it caught: the interrupt was the handler's
	 * to answer, and the thread is not done with it. H2 closes a file database whose file an
	 * interrupted thread writes to, as the commit does that follows; a worker would end, and
	 * Tomcat would close the connection it writes the answer to.
	 */
	private static void clearInterrupt(WebhookEvent event) {
		if (Thread.interrupted() && logger.isDebugEnabled()) {
			logger.debug("A handler of delivery '" + event.deliveryId() + "' left its thread interrupted; the "
					+ "interrupt is cleared before the delivery's transaction ends");
		}
	}

	private Result failed(DeliveryClaim claim, RuntimeException thrown, @Nullable RuntimeException handlersFailure,
			ProcessingSettings settings) {
		if (thrown instanceof DeliveryClaimLostException) {
			return new Result(Outcome.CLAIM_LOST, claim, thrown, null);
		}
		if (isStoreUnavailable(thrown, handlersFailure)) {
			return new Result(Outcome.STORE_UNAVAILABLE, claim, thrown, null);
		}
		Instant nextAttemptAt = settings.byWorkers() ? settings.nextAttempt(claim.attempt(), this.clock.instant())
				: null;
		boolean dead = settings.byWorkers() && nextAttemptAt == null;
		try {
			if (dead) {
				this.store.giveUp(claim, thrown);
			}
			else {
				this.store.fail(claim, thrown, nextAttemptAt);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not record the failure of delivery " + claim.delivery().deliveryId()
					+ "; a redelivery" + (settings.byWorkers() ? " or a worker, once its lease expired," : "")
					+ " runs its handlers again", ex);
		}
		return new Result(dead ? Outcome.DEAD : Outcome.FAILED, claim, thrown, nextAttemptAt);
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

	/**
	 * What became of a delivery.
	 */
	public enum Outcome {

		/** Its handlers completed and it is marked {@code PROCESSED}. */
		PROCESSED,

		/** No handler ran and it is marked {@code IGNORED}. */
		IGNORED,

		/** It was completed before (or is {@code DEAD}): nothing ran. */
		DUPLICATE,

		/** Another request or worker holds it: nothing ran. */
		IN_PROGRESS,

		/** Claiming it failed with {@link Result#failure()}: nothing ran. */
		NOT_CLAIMED,

		/**
		 * The claim's lease expired and another worker took the delivery over; the handlers'
		 * transaction rolled back.
		 */
		CLAIM_LOST,

		/**
		 * The database became unavailable while the handlers ran; their transaction did not
		 * complete and nothing was recorded.
		 */
		STORE_UNAVAILABLE,

		/**
		 * A handler threw {@link Result#failure()}; the delivery is recorded {@code FAILED}, to
		 * be retried at {@link Result#nextAttemptAt()} by the workers, or by a redelivery.
		 */
		FAILED,

		/** A handler threw on the last allowed attempt; the delivery is recorded {@code DEAD}. */
		DEAD

	}

	/**
	 * What became of a delivery, and why.
	 *
	 * @param outcome the outcome
	 * @param claim the claim, unless claiming failed
	 * @param failure what failed, for the outcomes that are failures
	 * @param nextAttemptAt when the workers try a {@link Outcome#FAILED failed} delivery again,
	 * or {@code null} if they do not
	 * @param reply what a handler of a {@link Outcome#PROCESSED processed} delivery returned for
	 * the sender, committed with the delivery; {@code null} if none did
	 */
	public record Result(Outcome outcome, @Nullable DeliveryClaim claim, @Nullable RuntimeException failure,
			@Nullable Instant nextAttemptAt, @Nullable WebhookReply reply) {

		/**
		 * Creates a result without a reply.
		 * @param outcome the outcome
		 * @param claim the claim, unless claiming failed
		 * @param failure what failed, for the outcomes that are failures
		 * @param nextAttemptAt when the workers try a failed delivery again, or {@code null}
		 */
		public Result(Outcome outcome, @Nullable DeliveryClaim claim, @Nullable RuntimeException failure,
				@Nullable Instant nextAttemptAt) {
			this(outcome, claim, failure, nextAttemptAt, null);
		}

	}

}
