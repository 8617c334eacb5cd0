package dev.webhookreceiver.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * A {@link DeliveryStore} that records deliveries in the {@code webhook_delivery} table
 * through JPA.
 * <p>
 * Claiming looks the delivery up first and inserts it only when absent, so a redelivery never
 * provokes a constraint violation; two copies racing to insert are decided by the unique
 * constraint on (endpoint, delivery id), and the loser reads the winner's record. A recorded
 * delivery is answered by its status:
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
 * Any failure to reach the database while claiming is thrown as a
 * {@link DeliveryStoreUnavailableException}.
 */
public class JpaDeliveryStore implements DeliveryStore {

	private static final Log logger = LogFactory.getLog(JpaDeliveryStore.class);

	private final WebhookDeliveryRepository deliveries;

	private final TransactionTemplate newTransaction;

	private final TransactionTemplate callerTransaction;

	private final Clock clock;

	private final Duration lease;

	/**
	 * Create a new store.
	 * @param entityManager a shared, transaction-bound {@link EntityManager} (as injected by
	 * {@code @PersistenceContext} or created by {@code SharedEntityManagerCreator}) of the
	 * persistence unit that manages {@link WebhookDelivery}
	 * @param transactionManager the transaction manager of that persistence unit
	 * @param clock the clock that timestamps records and leases
	 * @param lease how long a claim lasts before another request may take the delivery over:
	 * sized to a request (a handler that overruns it loses its claim if another request took the
	 * delivery over, and its transaction rolls back), so that a claim lost to a crash is retried
	 * by the next redelivery
	 */
	public JpaDeliveryStore(EntityManager entityManager, PlatformTransactionManager transactionManager, Clock clock,
			Duration lease) {
		Assert.notNull(entityManager, "'entityManager' must not be null");
		Assert.notNull(transactionManager, "'transactionManager' must not be null");
		Assert.notNull(clock, "'clock' must not be null");
		Assert.isTrue(lease != null && !lease.isNegative() && !lease.isZero(), "'lease' must be positive");
		this.deliveries = new WebhookDeliveryRepository(entityManager);
		this.newTransaction = new TransactionTemplate(transactionManager);
		this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.callerTransaction = new TransactionTemplate(transactionManager);
		this.callerTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
		this.clock = clock;
		this.lease = lease;
	}

	/**
	 * {@inheritDoc}
	 * @throws IllegalArgumentException if the endpoint name, delivery id or event type is
	 * longer than the table's columns ({@value WebhookDelivery#MAX_ENDPOINT_LENGTH},
	 * {@value WebhookDelivery#MAX_DELIVERY_ID_LENGTH} and
	 * {@value WebhookDelivery#MAX_EVENT_TYPE_LENGTH} characters)
	 */
	@Override
	public DeliveryClaim claim(NewDelivery delivery) {
		checkFits(delivery);
		Instant now = now();
		AtomicBoolean inserting = new AtomicBoolean();
		DeliveryClaim claim;
		try {
			claim = this.newTransaction.execute((status) -> claimOrInsert(delivery, now, inserting));
		}
		catch (RuntimeException ex) {
			if (!inserting.get() || !isStoreFailure(ex)) {
				throw unavailableIfStoreFailure(ex, delivery);
			}
			// Most likely a concurrent copy inserted the delivery first; its record tells.
			return readAgain(delivery, ex);
		}
		return (claim != null) ? claim : readAgain(delivery, null);
	}

	/**
	 * Claims the delivery in the current transaction, answering {@code null} if a concurrent
	 * claim took the recorded delivery over first.
	 */
	private @Nullable DeliveryClaim claimOrInsert(NewDelivery delivery, Instant now, AtomicBoolean inserting) {
		WebhookDelivery recorded = this.deliveries.find(delivery.endpoint(), delivery.deliveryId());
		if (recorded == null) {
			inserting.set(true);
			WebhookDelivery inserted = this.deliveries.insert(new WebhookDelivery(delivery, now, now.plus(this.lease)));
			return acquired(inserted, 1);
		}
		if (recorded.getStatus().isCompleted() || recorded.getStatus() == DeliveryStatus.DEAD) {
			return refused(recorded);
		}
		if (recorded.getStatus() == DeliveryStatus.PROCESSING && leaseHolds(recorded, now)) {
			return refused(recorded);
		}
		if (this.deliveries.takeOver(id(recorded), recorded.getAttempts(), now, now.plus(this.lease))) {
			return acquired(recorded, recorded.getAttempts() + 1);
		}
		return null;
	}

	/**
	 * Reads the record of a delivery that another request or worker changed concurrently, in
	 * a new transaction so that the latest committed state shows, and answers it as a
	 * duplicate or as in progress.
	 */
	private DeliveryClaim readAgain(NewDelivery delivery, @Nullable RuntimeException insertFailure) {
		WebhookDelivery recorded;
		try {
			recorded = this.newTransaction
				.execute((status) -> this.deliveries.find(delivery.endpoint(), delivery.deliveryId()));
		}
		catch (RuntimeException ex) {
			if (insertFailure != null) {
				ex.addSuppressed(insertFailure);
			}
			throw unavailableIfStoreFailure(ex, delivery);
		}
		if (recorded == null) {
			Assert.state(insertFailure != null, "A recorded delivery must not disappear while being claimed");
			throw unavailable(delivery, insertFailure);
		}
		return refused(recorded);
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
		Boolean completed = run(this.callerTransaction,
				() -> this.deliveries.complete(claim.recordId(), claim.attempt(), status, now()),
				() -> "Could not mark delivery record " + claim.recordId() + " " + status);
		if (!Boolean.TRUE.equals(completed)) {
			throw new DeliveryClaimLostException("Attempt " + claim.attempt() + " of delivery record "
					+ claim.recordId() + " lost its claim: the lease expired and the delivery was taken over");
		}
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Must be called after the handlers' transaction ended: the update runs in a new
	 * transaction. If the claim was lost meanwhile, the record is left to its new owner.
	 * @throws DeliveryStoreUnavailableException if the store cannot be reached; the delivery
	 * then stays {@code PROCESSING} until its lease expires, when a redelivery or a retry takes
	 * it over
	 */
	@Override
	public void fail(DeliveryClaim claim, Throwable error) {
		Assert.isTrue(claim.acquired(), () -> "Only an acquired claim can fail, not " + claim);
		String lastError = truncate(error.toString(), WebhookDelivery.MAX_LAST_ERROR_LENGTH);
		Boolean failed = run(this.newTransaction,
				() -> this.deliveries.fail(claim.recordId(), claim.attempt(), lastError, now()),
				() -> "Could not mark delivery record " + claim.recordId() + " FAILED");
		if (!Boolean.TRUE.equals(failed) && logger.isDebugEnabled()) {
			logger.debug("Attempt " + claim.attempt() + " of delivery record " + claim.recordId()
					+ " had lost its claim before failing; the record is left to its new owner");
		}
	}

	private <T> T run(TransactionTemplate transaction, Supplier<T> action, Supplier<String> failure) {
		try {
			return transaction.execute((status) -> action.get());
		}
		catch (RuntimeException ex) {
			if (isStoreFailure(ex)) {
				throw new DeliveryStoreUnavailableException(failure.get(), ex);
			}
			throw ex;
		}
	}

	private boolean leaseHolds(WebhookDelivery recorded, Instant now) {
		Instant leaseUntil = recorded.getLeaseUntil();
		return leaseUntil != null && leaseUntil.isAfter(now);
	}

	private Instant now() {
		// The databases keep microseconds: what is compared later is what was written.
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	private static DeliveryClaim acquired(WebhookDelivery recorded, int attempt) {
		return new DeliveryClaim(DeliveryClaim.State.ACQUIRED, id(recorded), attempt, null);
	}

	private static DeliveryClaim refused(WebhookDelivery recorded) {
		DeliveryStatus status = recorded.getStatus();
		DeliveryClaim.State state = (status.isCompleted() || status == DeliveryStatus.DEAD)
				? DeliveryClaim.State.DUPLICATE : DeliveryClaim.State.IN_PROGRESS;
		return new DeliveryClaim(state, id(recorded), 0, status);
	}

	private static long id(WebhookDelivery recorded) {
		Long id = recorded.getId();
		Assert.state(id != null, "A recorded delivery must have an id");
		return id;
	}

	private static void checkFits(NewDelivery delivery) {
		checkLength("Endpoint name", delivery.endpoint(), WebhookDelivery.MAX_ENDPOINT_LENGTH);
		checkLength("Delivery id", delivery.deliveryId(), WebhookDelivery.MAX_DELIVERY_ID_LENGTH);
		checkLength("Event type", delivery.eventType(), WebhookDelivery.MAX_EVENT_TYPE_LENGTH);
	}

	private static void checkLength(String what, String value, int maxLength) {
		Assert.isTrue(value.length() <= maxLength,
				() -> what + " must not be longer than " + maxLength + " characters, but was " + value.length());
	}

	private static boolean isStoreFailure(Throwable ex) {
		return ex instanceof DataAccessException || ex instanceof TransactionException
				|| ex instanceof PersistenceException;
	}

	private static RuntimeException unavailableIfStoreFailure(RuntimeException ex, NewDelivery delivery) {
		return isStoreFailure(ex) ? unavailable(delivery, ex) : ex;
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
