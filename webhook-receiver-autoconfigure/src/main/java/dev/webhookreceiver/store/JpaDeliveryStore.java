package dev.webhookreceiver.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.persistence.PersistenceException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.webhookreceiver.store.WebhookDeliveryRepository.RecordedDelivery;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * A {@link DeliveryStore} that records deliveries in the {@code webhook_delivery} table, the
 * table the {@link WebhookDelivery} entity maps, in the transactions of the JPA persistence unit
 * that maps it: its statements are plain JDBC on the connection of the transaction bound to the
 * calling thread (the persistence unit's {@code JpaTransactionManager} exposes it), see
 * {@link WebhookDeliveryRepository}. A new delivery claimed in its handlers' transaction costs
 * one insert, already marked {@code PROCESSED} (nobody sees it before that transaction commits,
 * which is when the handlers completed), and nothing more.
 * Where it needs a transaction of its own, the store begins a JDBC one, without a persistence
 * context.
 * <p>
 * Claiming inserts the delivery first; a copy recorded before (or inserted by a concurrent
 * transaction, which the insert waits for, up to the lock wait) is read, and answered by its
 * status:
 * <ul>
 * <li>{@code PROCESSED}, {@code IGNORED}: {@link DeliveryClaim.State#DUPLICATE duplicate}.</li>
 * <li>{@code DEAD}: also {@link DeliveryClaim.State#DUPLICATE duplicate}, with the status
 * {@code DEAD} in the claim: the delivery was accepted before and ran out of attempts; a
 * redelivery does not revive it (only a replay does), and answering it as a duplicate stops the
 * sender from retrying in vain.</li>
 * <li>{@code PROCESSING} within its lease: {@link DeliveryClaim.State#IN_PROGRESS in
 * progress}.</li>
 * <li>{@code FAILED}, {@code RECEIVED}, or {@code PROCESSING} whose lease expired:
 * {@link DeliveryClaim.State#ACQUIRED acquired} for another attempt, through one conditional
 * update that only one of several concurrent claims can win. The others read the record again
 * and answer duplicate or in progress.</li>
 * </ul>
 * A claim that waited longer than the lock wait for a concurrent transaction holding the
 * delivery is {@link DeliveryClaim.State#IN_PROGRESS in progress}. Any failure to reach the
 * database while claiming is thrown as a {@link DeliveryStoreUnavailableException}.
 */
public class JpaDeliveryStore implements DeliveryStore {

	private static final Log logger = LogFactory.getLog(JpaDeliveryStore.class);

	private final WebhookDeliveryRepository deliveries;

	private final TransactionTemplate ownTransaction;

	private final TransactionTemplate newTransaction;

	private final Clock clock;

	private final Duration lease;

	/**
	 * Create a new store.
	 * @param dataSource the data source of the persistence unit that maps
	 * {@link WebhookDelivery}
	 * @param clock the clock that timestamps records and leases
	 * @param lease how long a claim committed on its own lasts before another request may take
	 * the delivery over: sized to a request (a handler that overruns it loses its claim if
	 * another request took the delivery over, and its transaction rolls back), so that a claim
	 * lost to a crash is retried by the next redelivery
	 * @param lockWait the longest a claim waits for a concurrent transaction that holds the same
	 * delivery before answering in progress (whole seconds; H2 bounds such waits with its own
	 * {@code LOCK_TIMEOUT})
	 */
	public JpaDeliveryStore(DataSource dataSource, Clock clock, Duration lease, Duration lockWait) {
		Assert.notNull(dataSource, "'dataSource' must not be null");
		Assert.notNull(clock, "'clock' must not be null");
		Assert.isTrue(lease != null && !lease.isNegative() && !lease.isZero(), "'lease' must be positive");
		Assert.isTrue(lockWait != null && !lockWait.isNegative() && !lockWait.isZero(), "'lockWait' must be positive");
		this.deliveries = new WebhookDeliveryRepository(dataSource,
				(int) Math.max(1, lockWait.plusMillis(999).toSeconds()));
		// The store's own transactions hold no persistence context: JDBC ones on the same
		// connections, which join the persistence unit's transaction where one is active.
		DataSourceTransactionManager jdbcTransactions = new DataSourceTransactionManager(dataSource);
		this.ownTransaction = new TransactionTemplate(jdbcTransactions);
		this.newTransaction = new TransactionTemplate(jdbcTransactions);
		this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
		this.lease = lease;
	}

	/**
	 * {@inheritDoc}
	 * @throws IllegalArgumentException if the endpoint name, delivery id or event type is
	 * longer than the table's columns ({@value WebhookDelivery#MAX_ENDPOINT_LENGTH},
	 * {@value WebhookDelivery#MAX_DELIVERY_ID_LENGTH} and
	 * {@value WebhookDelivery#MAX_EVENT_TYPE_LENGTH} characters), or contains U+0000 or an
	 * unpaired surrogate
	 */
	@Override
	public DeliveryClaim claim(NewDelivery delivery) {
		checkFits(delivery);
		Instant now = now();
		try {
			if (TransactionSynchronizationManager.isActualTransactionActive()) {
				// Nobody sees the record before the transaction commits, which is when the
				// handlers completed: a new one is inserted as processed, and completing it
				// writes nothing more.
				return claimIn(delivery, DeliveryStatus.PROCESSED, now, null);
			}
			return inOwnTransaction((status) -> claimIn(delivery, DeliveryStatus.PROCESSING, now, status));
		}
		catch (RuntimeException ex) {
			throw isStoreFailure(ex) ? unavailable(delivery, ex) : ex;
		}
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * A new delivery costs one insert, committed on its own; a copy recorded before is read in
	 * a JDBC transaction of the store's own.
	 */
	@Override
	public DeliveryClaim ignore(NewDelivery delivery) {
		return claimAlone(delivery, DeliveryStatus.IGNORED, (now, status) -> {
			DeliveryClaim ignored = claimIn(delivery, DeliveryStatus.IGNORED, now, status);
			if (ignored.acquired() && ignored.attempt() > 1) {
				Assert.state(this.deliveries.complete(ignored.recordId(), ignored.attempt(), DeliveryStatus.IGNORED, now),
						"A delivery taken over in this transaction must stay claimed");
			}
			return ignored;
		});
	}

	/**
	 * {@inheritDoc}
	 * @return {@code true}
	 */
	@Override
	public boolean supportsAsync() {
		return true;
	}

	/**
	 * {@inheritDoc}
	 * @return {@code true}
	 */
	@Override
	public boolean supportsOperations() {
		return true;
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * A new delivery costs one insert, committed on its own; a copy recorded before is read in
	 * a JDBC transaction of the store's own.
	 */
	@Override
	public DeliveryClaim receive(NewDelivery delivery) {
		return claimAlone(delivery, DeliveryStatus.RECEIVED, (now, status) -> {
			try {
				Long inserted = this.deliveries.insertIfAbsent(delivery, DeliveryStatus.RECEIVED, now, null);
				if (inserted != null) {
					return recordedNew(delivery, DeliveryStatus.RECEIVED, inserted);
				}
				RecordedDelivery recorded = this.deliveries.find(delivery.endpoint(), delivery.deliveryId());
				return (recorded != null)
						? new DeliveryClaim(delivery, DeliveryClaim.State.DUPLICATE, recorded.id(), 0, recorded.status())
						: heldElsewhere(delivery);
			}
			catch (ConcurrencyFailureException | QueryTimeoutException ex) {
				status.setRollbackOnly();
				return heldElsewhere(delivery);
			}
		});
	}

	/**
	 * Records a delivery that no request or worker processes now: a new one with one insert
	 * committed on its own, without the begin, commit and cleanup of a transaction around it
	 * (most deliveries are new); a copy recorded before (or held by a concurrent transaction) in
	 * a JDBC transaction of the store's own, committed on return, where the recording reads it.
	 * Where the caller is in a transaction, both are that transaction's.
	 * @param insertAs the status a new delivery is recorded with
	 * @param recording what to do in the store's own transaction, given the time of the record
	 * @throws DeliveryStoreUnavailableException if the store cannot be reached
	 */
	private DeliveryClaim claimAlone(NewDelivery delivery, DeliveryStatus insertAs, Recording recording) {
		checkFits(delivery);
		Instant now = now();
		try {
			if (!TransactionSynchronizationManager.isActualTransactionActive()) {
				Long inserted;
				try {
					inserted = this.deliveries.insertAloneIfAbsent(delivery, insertAs, now);
				}
				catch (ConcurrencyFailureException | QueryTimeoutException ex) {
					return heldElsewhere(delivery, ex);
				}
				if (inserted != null) {
					return recordedNew(delivery, insertAs, inserted);
				}
			}
			return inOwnTransaction((status) -> recording.record(now, status));
		}
		catch (RuntimeException ex) {
			throw isStoreFailure(ex) ? unavailable(delivery, ex) : ex;
		}
	}

	private DeliveryClaim inOwnTransaction(TransactionCallback<DeliveryClaim> action) {
		DeliveryClaim claim = this.ownTransaction.execute(action);
		Assert.state(claim != null, "A claim must have an outcome");
		return claim;
	}

	/**
	 * Records a delivery in the store's own transaction.
	 */
	@FunctionalInterface
	private interface Recording {

		DeliveryClaim record(Instant now, TransactionStatus status);

	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * On PostgreSQL and MySQL/MariaDB the due delivery is found with
	 * {@code FOR UPDATE SKIP LOCKED}, so concurrent workers find different ones; elsewhere a
	 * few are read and the first whose conditional update this worker wins is claimed.
	 */
	@Override
	public @Nullable DeliveryClaim claimDue(Collection<String> endpoints, Duration lease) {
		Assert.notEmpty(endpoints, "'endpoints' must not be empty");
		return claimForWorker((status) -> {
			Instant now = now();
			List<RecordedDelivery> due = new ArrayList<>(this.deliveries.findDue(endpoints, now));
			// Concurrent workers that read the same candidates start with different ones.
			Collections.shuffle(due);
			for (RecordedDelivery candidate : due) {
				DeliveryClaim claim = claimStoredIn(candidate.id(), candidate.attempts(), now, lease);
				if (claim != null) {
					return claim;
				}
			}
			return null;
		}, () -> "Could not look for due deliveries");
	}

	/**
	 * {@inheritDoc}
	 */
	@Override
	public @Nullable DeliveryClaim claimStored(long recordId, Duration lease) {
		return claimForWorker((status) -> claimStoredIn(recordId, 0, now(), lease),
				() -> "Could not claim delivery record " + recordId);
	}

	/**
	 * Claims a delivery for a worker in a JDBC transaction of the store's own, committed on
	 * return. A lock conflict (another transaction held what the claim needs for longer than it
	 * waits, or the database chose the claim as a deadlock's loser) rolls it back and claims
	 * nothing this time: the database answered, and the delivery stays due for the next try.
	 * @param claiming the claim, in the transaction
	 * @param failure what could not be done, for the exception that says the store is
	 * unavailable
	 * @throws DeliveryStoreUnavailableException if the store cannot be reached
	 */
	private @Nullable DeliveryClaim claimForWorker(TransactionCallback<@Nullable DeliveryClaim> claiming,
			Supplier<String> failure) {
		try {
			return this.ownTransaction.execute(claiming);
		}
		catch (ConcurrencyFailureException | QueryTimeoutException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug(failure.get() + " this time: a concurrent transaction held what the claim needs", ex);
			}
			return null;
		}
		catch (RuntimeException ex) {
			throw isStoreFailure(ex) ? new DeliveryStoreUnavailableException(failure.get(), ex) : ex;
		}
	}

	private @Nullable DeliveryClaim claimStoredIn(long recordId, int attempts, Instant now, Duration lease) {
		if (!this.deliveries.takeOver(recordId, attempts, now, now.plus(lease))) {
			return null;
		}
		NewDelivery stored = this.deliveries.findStored(recordId);
		Assert.state(stored != null, "A delivery claimed in this transaction must be there");
		return new DeliveryClaim(stored, DeliveryClaim.State.ACQUIRED, recordId, attempts + 1, null);
	}

	/**
	 * Claims the delivery in the current transaction.
	 * @param insertAs the status a new delivery is recorded with: {@code PROCESSING} for its
	 * handlers to run, or the status its transaction commits it with, when the handlers run
	 * in that transaction ({@code PROCESSED}) or none will ({@code IGNORED})
	 * @param ownTransaction the transaction begun for this claim alone, or {@code null} if the
	 * claim joined the caller's
	 */
	private DeliveryClaim claimIn(NewDelivery delivery, DeliveryStatus insertAs, Instant now,
			@Nullable TransactionStatus ownTransaction) {
		try {
			Long inserted = this.deliveries.insertIfAbsent(delivery, insertAs, now,
					(insertAs == DeliveryStatus.PROCESSING) ? now.plus(this.lease) : null);
			if (inserted != null) {
				return recordedNew(delivery, insertAs, inserted);
			}
			RecordedDelivery recorded = this.deliveries.find(delivery.endpoint(), delivery.deliveryId());
			if (recorded == null) {
				// Deleted between the insert and the read: as good as held by someone else.
				return heldElsewhere(delivery);
			}
			if (isFinal(recorded.status()) || (recorded.status() == DeliveryStatus.PROCESSING && leaseHolds(recorded, now))) {
				return refused(delivery, recorded);
			}
			if (this.deliveries.takeOver(recorded.id(), recorded.attempts(), now, now.plus(this.lease))) {
				return new DeliveryClaim(delivery, DeliveryClaim.State.ACQUIRED, recorded.id(), recorded.attempts() + 1,
						null);
			}
			// A concurrent claim took the recorded delivery over first; its outcome tells.
			RecordedDelivery changed = this.deliveries.find(delivery.endpoint(), delivery.deliveryId());
			return (changed != null) ? refused(delivery, changed) : heldElsewhere(delivery);
		}
		catch (ConcurrencyFailureException | QueryTimeoutException ex) {
			if (ownTransaction != null) {
				ownTransaction.setRollbackOnly();
			}
			return heldElsewhere(delivery, ex);
		}
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * The update joins the transaction of the calling thread, or runs in one of its own if
	 * there is none. It holds a lock on the record until that transaction ends, so a
	 * concurrent claim waits for its outcome.
	 * @throws DeliveryStoreUnavailableException if the store cannot be reached
	 */
	@Override
	public void complete(DeliveryClaim claim, DeliveryStatus status) {
		Assert.isTrue(claim.acquired(), () -> "Only an acquired claim can be completed, not " + claim);
		Assert.isTrue(status.isCompleted(), () -> "A delivery is completed as PROCESSED or IGNORED, not " + status);
		if (claim.status() == status) {
			return;
		}
		Supplier<Boolean> complete = () -> (claim.status() != null)
				? this.deliveries.mark(claim.recordId(), claim.attempt(), status, now())
				: this.deliveries.complete(claim.recordId(), claim.attempt(), status, now());
		Boolean completed = TransactionSynchronizationManager.isActualTransactionActive()
				? run(complete, () -> "Could not mark delivery record " + claim.recordId() + " " + status)
				: run(() -> this.ownTransaction.execute((transaction) -> complete.get()),
						() -> "Could not mark delivery record " + claim.recordId() + " " + status);
		if (!Boolean.TRUE.equals(completed)) {
			throw new DeliveryClaimLostException("Attempt " + claim.attempt() + " of delivery record "
					+ claim.recordId() + " lost its claim: the lease expired and the delivery was taken over");
		}
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Must be called after the handlers' transaction ended: the failure is recorded in a new
	 * transaction.
	 * @throws DeliveryStoreUnavailableException if the store cannot be reached; a claim that
	 * was committed on its own then stays {@code PROCESSING} until its lease expires, when a
	 * redelivery or a retry takes it over
	 */
	@Override
	public void fail(DeliveryClaim claim, Throwable error) {
		record(claim, error, DeliveryStatus.FAILED, null);
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Must be called after the handlers' transaction ended, as
	 * {@link #fail(DeliveryClaim, Throwable)}.
	 */
	@Override
	public void fail(DeliveryClaim claim, Throwable error, @Nullable Instant nextAttemptAt) {
		record(claim, error, DeliveryStatus.FAILED, nextAttemptAt);
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Must be called after the handlers' transaction ended, as
	 * {@link #fail(DeliveryClaim, Throwable, Instant)}.
	 */
	@Override
	public void giveUp(DeliveryClaim claim, Throwable error) {
		record(claim, error, DeliveryStatus.DEAD, null);
	}

	private void record(DeliveryClaim claim, Throwable error, DeliveryStatus outcome, @Nullable Instant nextAttemptAt) {
		Assert.isTrue(claim.acquired(), () -> "Only an acquired claim can fail, not " + claim);
		String lastError = truncate(error.toString(), WebhookDelivery.MAX_LAST_ERROR_LENGTH);
		NewDelivery delivery = claim.delivery();
		Boolean failed = run(() -> this.newTransaction.execute((status) -> {
			Instant now = now();
			Instant next = (nextAttemptAt != null) ? nextAttemptAt.truncatedTo(ChronoUnit.MICROS) : null;
			if (this.deliveries.fail(delivery, claim.attempt(), outcome, lastError, now, next)) {
				return true;
			}
			// The first attempt's insert rolled back with the handlers: record the delivery anew.
			return claim.attempt() == 1
					&& this.deliveries.insertFailedIfAbsent(delivery, outcome, lastError, now, next);
		}), () -> "Could not mark delivery '" + delivery.deliveryId() + "' of endpoint '" + delivery.endpoint()
				+ "' " + outcome);
		if (!Boolean.TRUE.equals(failed) && logger.isDebugEnabled()) {
			logger.debug("Attempt " + claim.attempt() + " of delivery '" + delivery.deliveryId()
					+ "' had lost its claim before failing; the record is left to its new owner");
		}
	}

	/**
	 * {@inheritDoc}
	 */
	@Override
	public DeliveryCounts counts() {
		return run(() -> this.deliveries.counts(false), () -> "Could not count the deliveries");
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Reads only the not completed part of the status index, so its cost does not grow with
	 * the completed deliveries that the table keeps until their retention ends.
	 */
	@Override
	public DeliveryCounts pendingCounts() {
		return run(() -> this.deliveries.counts(true), () -> "Could not count the pending deliveries");
	}

	/**
	 * {@inheritDoc}
	 */
	@Override
	public List<DeliveryRecord> list(String endpoint, @Nullable DeliveryStatus status, @Nullable Long beforeId,
			int limit) {
		Assert.isTrue(limit > 0, "'limit' must be positive");
		return run(() -> this.deliveries.list(endpoint, status, (beforeId != null) ? beforeId : Long.MAX_VALUE, limit),
				() -> "Could not list the deliveries of endpoint '" + endpoint + "'");
	}

	/**
	 * {@inheritDoc}
	 */
	@Override
	public @Nullable DeliveryRecord find(String endpoint, String deliveryId) {
		return run(() -> this.deliveries.findRecord(endpoint, deliveryId),
				() -> "Could not read delivery '" + deliveryId + "' of endpoint '" + endpoint + "'");
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * A delivery that a concurrent transaction holds, such as a redelivery whose handlers are
	 * running, is answered at once as changed, without waiting for that transaction, on the
	 * databases that skip locked rows (PostgreSQL, MySQL and MariaDB, H2); {@link #requeue} and
	 * {@link #delete} do the same.
	 */
	@Override
	public @Nullable DeliveryClaim claimForReplay(DeliveryRecord delivery, Duration lease) {
		return run(() -> this.ownTransaction.execute((status) -> {
			Instant now = now();
			if (!this.deliveries.lockUnlessHeld(delivery.id())
					|| !this.deliveries.claimForReplay(delivery, now, now.plus(lease))) {
				return null;
			}
			NewDelivery stored = this.deliveries.findStored(delivery.id());
			Assert.state(stored != null, "A delivery claimed in this transaction must be there");
			return new DeliveryClaim(stored, DeliveryClaim.State.ACQUIRED, delivery.id(), delivery.attempts() + 1,
					null);
		}), () -> "Could not claim delivery '" + delivery.deliveryId() + "' of endpoint '" + delivery.endpoint()
				+ "' for a replay");
	}

	/**
	 * {@inheritDoc}
	 */
	@Override
	public boolean requeue(DeliveryRecord delivery) {
		Boolean requeued = run(
				() -> this.ownTransaction.execute(
						(status) -> this.deliveries.lockUnlessHeld(delivery.id()) && this.deliveries.requeue(delivery, now())),
				() -> "Could not put delivery '" + delivery.deliveryId() + "' of endpoint '" + delivery.endpoint()
						+ "' back for the workers");
		return Boolean.TRUE.equals(requeued);
	}

	/**
	 * {@inheritDoc}
	 */
	@Override
	public boolean delete(DeliveryRecord delivery) {
		if (delivery.isBeingProcessed(now())) {
			return false;
		}
		Boolean deleted = run(
				() -> this.ownTransaction.execute(
						(status) -> this.deliveries.lockUnlessHeld(delivery.id()) && this.deliveries.delete(delivery)),
				() -> "Could not delete delivery '" + delivery.deliveryId() + "' of endpoint '" + delivery.endpoint()
						+ "'");
		return Boolean.TRUE.equals(deleted);
	}

	private <T> T run(Supplier<T> action, Supplier<String> failure) {
		try {
			return action.get();
		}
		catch (RuntimeException ex) {
			if (isStoreFailure(ex)) {
				throw new DeliveryStoreUnavailableException(failure.get(), ex);
			}
			throw ex;
		}
	}

	private static boolean leaseHolds(RecordedDelivery recorded, Instant now) {
		Instant leaseUntil = recorded.leaseUntil();
		return leaseUntil != null && leaseUntil.isAfter(now);
	}

	private static boolean isFinal(DeliveryStatus status) {
		return status.isCompleted() || status == DeliveryStatus.DEAD;
	}

	private Instant now() {
		// The databases keep microseconds: what is compared later is what was written.
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	private static DeliveryClaim refused(NewDelivery delivery, RecordedDelivery recorded) {
		DeliveryClaim.State state = isFinal(recorded.status()) ? DeliveryClaim.State.DUPLICATE
				: DeliveryClaim.State.IN_PROGRESS;
		return new DeliveryClaim(delivery, state, recorded.id(), 0, recorded.status());
	}

	/**
	 * The claim of a delivery this store just recorded as new: stored for the workers
	 * ({@code RECEIVED}, no attempt yet), claimed for its first attempt ({@code PROCESSING}), or
	 * recorded with the final status its first attempt ends with.
	 */
	private static DeliveryClaim recordedNew(NewDelivery delivery, DeliveryStatus insertedAs, long recordId) {
		return (insertedAs == DeliveryStatus.RECEIVED)
				? new DeliveryClaim(delivery, DeliveryClaim.State.ACQUIRED, recordId, 0, null)
				: new DeliveryClaim(delivery, DeliveryClaim.State.ACQUIRED, recordId, 1,
						insertedAs.isCompleted() ? insertedAs : null);
	}

	private static DeliveryClaim heldElsewhere(NewDelivery delivery) {
		return new DeliveryClaim(delivery, DeliveryClaim.State.IN_PROGRESS, 0, 0, null);
	}

	/**
	 * Another transaction held the delivery for longer than a claim waits.
	 */
	private static DeliveryClaim heldElsewhere(NewDelivery delivery, RuntimeException lockConflict) {
		if (logger.isDebugEnabled()) {
			logger.debug("Delivery '" + delivery.deliveryId() + "' of endpoint '" + delivery.endpoint()
					+ "' is held by another transaction", lockConflict);
		}
		return heldElsewhere(delivery);
	}

	private static void checkFits(NewDelivery delivery) {
		checkLength("Endpoint name", delivery.endpoint(), WebhookDelivery.MAX_ENDPOINT_LENGTH);
		checkLength("Delivery id", delivery.deliveryId(), WebhookDelivery.MAX_DELIVERY_ID_LENGTH);
		checkLength("Event type", delivery.eventType(), WebhookDelivery.MAX_EVENT_TYPE_LENGTH);
	}

	private static void checkLength(String what, String value, int maxLength) {
		Assert.isTrue(value.length() <= maxLength,
				() -> what + " must not be longer than " + maxLength + " characters, but was " + value.length());
		// PostgreSQL's text cannot hold U+0000, and an unpaired surrogate is not UTF-8 (written as '?')
		Assert.isTrue(value.codePoints().noneMatch((c) -> c == 0 || Character.getType(c) == Character.SURROGATE),
				() -> what + " must not contain U+0000 or an unpaired surrogate, which not every database can store");
	}

	private static boolean isStoreFailure(Throwable ex) {
		return ex instanceof DataAccessException || ex instanceof TransactionException
				|| ex instanceof PersistenceException;
	}

	private static DeliveryStoreUnavailableException unavailable(NewDelivery delivery, Throwable cause) {
		return new DeliveryStoreUnavailableException("Could not claim delivery '" + delivery.deliveryId()
				+ "' of endpoint '" + delivery.endpoint() + "': the delivery store is unavailable", cause);
	}

	static String truncate(String text, int maxLength) {
		if (text.length() <= maxLength) {
			return text;
		}
		int end = maxLength - 3;
		if (Character.isHighSurrogate(text.charAt(end - 1))) {
			end--;
		}
		return text.substring(0, end) + "...";
	}

}
