package dev.webhookreceiver.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Records deliveries so that each is processed once: the store SPI.
 * <p>
 * A request {@linkplain #claim(NewDelivery) claims} a delivery, runs its handlers and
 * {@linkplain #complete(DeliveryClaim, DeliveryStatus) completes} the claim, all in one
 * transaction: one commit per new delivery, and a crash at any point before that commit leaves
 * nothing behind, so the sender's retry finds the delivery new again. Exactly one of several
 * concurrent copies (also on other instances sharing the database) acquires a delivery: the
 * others wait, bounded, for the owner's transaction to end and are then answered from its
 * outcome. If the handlers fail, their transaction rolls back with the claim, and the failure
 * is {@linkplain #fail(DeliveryClaim, Throwable) recorded} in a transaction of its own.
 * <p>
 * Called without a transaction, {@link #claim(NewDelivery)} commits the claim on its own, so
 * that it is visible to others while the handlers run in a later transaction; it then lasts
 * for the store's lease, after which another copy may take the delivery over.
 * <p>
 * In async mode a request {@linkplain #receive(NewDelivery) stores} a delivery
 * {@link DeliveryStatus#RECEIVED} and commits, and workers later
 * {@linkplain #claimStored(long, Duration) claim} it (or {@linkplain #claimDue(Collection, Duration)
 * whatever is due}) in a committed transaction of its own with a lease, run its handlers and
 * complete the claim in one transaction, or record the failure with the time of the next
 * attempt, or {@linkplain #giveUp(DeliveryClaim, Throwable) give up}. A store that supports
 * only sync processing need not implement those methods; one that implements them says so with
 * {@link #supportsAsync()}, which the receiver checks at startup.
 * <p>
 * Operators {@linkplain #counts() count}, {@linkplain #list list} and {@linkplain #find find}
 * recorded deliveries, replay them ({@linkplain #claimForReplay at once} or
 * {@linkplain #requeue(DeliveryRecord) through the workers}) and {@linkplain #delete delete}
 * them; a store that does not support operations need not implement those methods.
 */
public interface DeliveryStore {

	/**
	 * Claims a delivery, joining the caller's transaction if there is one, or in a transaction
	 * of its own that is committed on return.
	 * @param delivery the verified delivery
	 * @return whether the caller acquired the delivery, or why not
	 * @throws DeliveryStoreUnavailableException if the store cannot be reached
	 */
	DeliveryClaim claim(NewDelivery delivery);

	/**
	 * Records a delivery that no handler wants as {@link DeliveryStatus#IGNORED}: claims it
	 * and completes the claim at once, in a transaction of its own. A delivery recorded before
	 * is answered as by {@link #claim(NewDelivery)}.
	 * @param delivery the verified delivery
	 * @return the claim, acquired (and now completed) if the delivery was new or failed before
	 * @throws DeliveryStoreUnavailableException if the store cannot be reached
	 */
	default DeliveryClaim ignore(NewDelivery delivery) {
		DeliveryClaim claim = claim(delivery);
		if (claim.acquired()) {
			complete(claim, DeliveryStatus.IGNORED);
		}
		return claim;
	}

	/**
	 * Marks an acquired delivery completed, joining the caller's transaction so that the mark
	 * commits or rolls back with the handlers' own writes.
	 * @param claim the acquired claim
	 * @param status {@link DeliveryStatus#PROCESSED} or {@link DeliveryStatus#IGNORED}
	 * @throws DeliveryClaimLostException if the claim's lease expired and another worker took
	 * the delivery over
	 */
	void complete(DeliveryClaim claim, DeliveryStatus status);

	/**
	 * Records that an acquired attempt failed, in a transaction of its own after the handlers'
	 * transaction rolled back, so that a redelivery or a retry runs the handlers again. If the
	 * claim rolled back with the handlers, the delivery is recorded as failed anew; if another
	 * copy claimed it since, the record is left to that copy.
	 * @param claim the acquired claim
	 * @param error what the handler threw
	 */
	void fail(DeliveryClaim claim, Throwable error);

	/**
	 * Records that an acquired attempt failed, as {@link #fail(DeliveryClaim, Throwable)}, and
	 * when the workers should try it again.
	 * @param claim the acquired claim
	 * @param error what the handler threw
	 * @param nextAttemptAt when a worker may try the delivery again, or {@code null} to leave it
	 * to a redelivery
	 */
	default void fail(DeliveryClaim claim, Throwable error, @Nullable Instant nextAttemptAt) {
		if (nextAttemptAt != null) {
			throw new UnsupportedOperationException(getClass().getName() + " does not support async processing");
		}
		fail(claim, error);
	}

	/**
	 * Whether this store implements what workers need: {@link #receive(NewDelivery)},
	 * {@link #claimStored(long, Duration)}, {@link #claimDue(Collection, Duration)},
	 * {@link #fail(DeliveryClaim, Throwable, Instant)} with a next attempt, and
	 * {@link #giveUp(DeliveryClaim, Throwable)}. The receiver refuses to start with a store that
	 * does not, if an endpoint is async or retries its failed deliveries
	 * ({@code processing.retry-failed}), rather than fail on the first delivery.
	 * @return whether the store supports async processing; {@code false} unless overridden
	 */
	default boolean supportsAsync() {
		return false;
	}

	/**
	 * Stores a verified delivery {@link DeliveryStatus#RECEIVED} with its payload and headers,
	 * in a transaction of its own that is committed on return, for the workers to process.
	 * @param delivery the verified delivery
	 * @return {@link DeliveryClaim.State#ACQUIRED acquired} with the new record's id if it was
	 * stored, {@link DeliveryClaim.State#DUPLICATE duplicate} if it was recorded before (in any
	 * status), or {@link DeliveryClaim.State#IN_PROGRESS in progress} if a concurrent
	 * transaction held it for longer than the store waits
	 * @throws DeliveryStoreUnavailableException if the store cannot be reached
	 */
	default DeliveryClaim receive(NewDelivery delivery) {
		throw new UnsupportedOperationException(getClass().getName() + " does not support async processing");
	}

	/**
	 * Claims a stored delivery that was never processed, for a worker, in a transaction of its
	 * own that is committed on return.
	 * @param recordId the id of the delivery's record
	 * @param lease how long the claim lasts before another worker may take the delivery over
	 * @return the claim with the stored delivery, or {@code null} if another worker claimed it
	 * first, or another transaction held it for longer than the claim waits (a lock conflict is
	 * not the store being unavailable)
	 * @throws DeliveryStoreUnavailableException if the store cannot be reached
	 */
	default @Nullable DeliveryClaim claimStored(long recordId, Duration lease) {
		throw new UnsupportedOperationException(getClass().getName() + " does not support async processing");
	}

	/**
	 * Claims one delivery of the given endpoints that is due for a worker, so that exactly one
	 * worker of all instances gets it: {@link DeliveryStatus#RECEIVED}, {@link DeliveryStatus#FAILED}
	 * whose next attempt has come, or {@link DeliveryStatus#PROCESSING} whose lease expired. In
	 * a transaction of its own that is committed on return.
	 * @param endpoints the names of the endpoints whose deliveries the worker processes
	 * @param lease how long the claim lasts before another worker may take the delivery over
	 * @return the claim with the stored delivery, or {@code null} if none is due, or another
	 * transaction held what the claim needs for longer than it waits (a lock wait or a deadlock
	 * is not the store being unavailable: the workers try again at their next poll)
	 * @throws DeliveryStoreUnavailableException if the store cannot be reached
	 */
	default @Nullable DeliveryClaim claimDue(Collection<String> endpoints, Duration lease) {
		throw new UnsupportedOperationException(getClass().getName() + " does not support async processing");
	}

	/**
	 * Records that the last allowed attempt failed: the delivery is {@link DeliveryStatus#DEAD},
	 * kept with its last error until it is replayed or deleted.
	 * @param claim the acquired claim
	 * @param error what the handler threw
	 */
	default void giveUp(DeliveryClaim claim, Throwable error) {
		throw new UnsupportedOperationException(getClass().getName() + " does not support async processing");
	}

	/**
	 * Whether this store implements what operations on recorded deliveries need:
	 * {@link #counts()}, {@link #list(String, DeliveryStatus, Long, int)},
	 * {@link #find(String, String)}, {@link #claimForReplay(DeliveryRecord, Duration)},
	 * {@link #requeue(DeliveryRecord)} and {@link #delete(DeliveryRecord)}. With a store that
	 * does not, the {@code webhooks} health indicator is {@code UNKNOWN} (it does not pull the
	 * application's health down), the {@code webhook.store.pending} gauges are not registered,
	 * and the Actuator endpoint lists the configured endpoints without counts; the other
	 * operations throw {@link UnsupportedOperationException}.
	 * @return whether the store supports operations; {@code false} unless overridden
	 */
	default boolean supportsOperations() {
		return false;
	}

	/**
	 * Counts the recorded deliveries by status, with one grouped query.
	 * @return the counts
	 * @throws DeliveryStoreUnavailableException if the store cannot be reached
	 */
	default DeliveryCounts counts() {
		throw new UnsupportedOperationException(getClass().getName() + " does not support operations");
	}

	/**
	 * Counts the recorded deliveries that are not completed ({@code RECEIVED},
	 * {@code PROCESSING}, {@code FAILED}, {@code DEAD}) by status, for what reads the counts
	 * often: the health contributor and the backlog gauge. The completed statuses may be counted
	 * as zero. By default, {@link #counts()}.
	 * @return the counts
	 * @throws DeliveryStoreUnavailableException if the store cannot be reached
	 */
	default DeliveryCounts pendingCounts() {
		return counts();
	}

	/**
	 * Lists the recorded deliveries of an endpoint, newest first, without their payloads and
	 * headers.
	 * @param endpoint the endpoint name
	 * @param status the status to list, or {@code null} for all
	 * @param beforeId list only records whose id is lower than this, to page on; or
	 * {@code null} to start with the newest
	 * @param limit the most records to list
	 * @return the records
	 * @throws DeliveryStoreUnavailableException if the store cannot be reached
	 */
	default List<DeliveryRecord> list(String endpoint, @Nullable DeliveryStatus status, @Nullable Long beforeId,
			int limit) {
		throw new UnsupportedOperationException(getClass().getName() + " does not support operations");
	}

	/**
	 * Reads one recorded delivery, with its payload and headers.
	 * @param endpoint the endpoint name
	 * @param deliveryId the delivery id
	 * @return the record, or {@code null} if there is none
	 * @throws DeliveryStoreUnavailableException if the store cannot be reached
	 */
	default @Nullable DeliveryRecord find(String endpoint, String deliveryId) {
		throw new UnsupportedOperationException(getClass().getName() + " does not support operations");
	}

	/**
	 * Claims a recorded delivery to run its handlers again at once, in a transaction of its own
	 * that is committed on return, unless it changed since it was read or is being processed.
	 * The claim counts as another attempt.
	 * @param delivery the record as read
	 * @param lease how long the claim lasts before another request or worker may take the
	 * delivery over
	 * @return the claim with the stored delivery, or {@code null} if the record changed
	 * @throws DeliveryStoreUnavailableException if the store cannot be reached
	 */
	default @Nullable DeliveryClaim claimForReplay(DeliveryRecord delivery, Duration lease) {
		throw new UnsupportedOperationException(getClass().getName() + " does not support operations");
	}

	/**
	 * Puts a recorded delivery back for the workers: {@link DeliveryStatus#RECEIVED}, no
	 * attempts, due now; in a transaction of its own that is committed on return, unless it
	 * changed since it was read or is being processed.
	 * @param delivery the record as read
	 * @return whether it was put back
	 * @throws DeliveryStoreUnavailableException if the store cannot be reached
	 */
	default boolean requeue(DeliveryRecord delivery) {
		throw new UnsupportedOperationException(getClass().getName() + " does not support operations");
	}

	/**
	 * Deletes a recorded delivery, unless it is being processed.
	 * @param delivery the record as read
	 * @return whether it was deleted
	 * @throws DeliveryStoreUnavailableException if the store cannot be reached
	 */
	default boolean delete(DeliveryRecord delivery) {
		throw new UnsupportedOperationException(getClass().getName() + " does not support operations");
	}

}
