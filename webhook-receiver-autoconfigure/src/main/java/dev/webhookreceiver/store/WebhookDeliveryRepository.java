package dev.webhookreceiver.store;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.EntityManager;
import org.jspecify.annotations.Nullable;

/**
 * The queries on the {@code webhook_delivery} table. Every method runs in the transaction bound
 * to the current thread; the changes are conditional updates, so that concurrent requests and
 * workers never overwrite each other's claims.
 */
class WebhookDeliveryRepository {

	private static final String FIND = """
			select d
			from WebhookDelivery d
			where d.endpoint = :endpoint
			  and d.deliveryId = :deliveryId
			""";

	private static final String TAKE_OVER = """
			update WebhookDelivery d
			set d.status = :processing,
			    d.attempts = d.attempts + 1,
			    d.leaseUntil = :leaseUntil,
			    d.updatedAt = :now
			where d.id = :id
			  and d.attempts = :attempts
			  and (d.status in (:failed, :received)
			       or (d.status = :processing and (d.leaseUntil is null or d.leaseUntil <= :now)))
			""";

	private static final String COMPLETE = """
			update WebhookDelivery d
			set d.status = :status,
			    d.leaseUntil = null,
			    d.updatedAt = :now
			where d.id = :id
			  and d.status = :processing
			  and d.attempts = :attempt
			""";

	private static final String FAIL = """
			update WebhookDelivery d
			set d.status = :failed,
			    d.lastError = :lastError,
			    d.leaseUntil = null,
			    d.updatedAt = :now
			where d.id = :id
			  and d.status = :processing
			  and d.attempts = :attempt
			""";

	private static final String FIND_COMPLETED_BEFORE = """
			select d.id
			from WebhookDelivery d
			where d.status in (:processed, :ignored)
			  and d.updatedAt < :before
			order by d.id
			""";

	private static final String DELETE_COMPLETED_BEFORE = """
			delete from WebhookDelivery d
			where d.id in (:ids)
			  and d.status in (:processed, :ignored)
			  and d.updatedAt < :before
			""";

	private final EntityManager entityManager;

	WebhookDeliveryRepository(EntityManager entityManager) {
		this.entityManager = entityManager;
	}

	@Nullable WebhookDelivery find(String endpoint, String deliveryId) {
		List<WebhookDelivery> found = this.entityManager.createQuery(FIND, WebhookDelivery.class)
			.setParameter("endpoint", endpoint)
			.setParameter("deliveryId", deliveryId)
			.getResultList();
		return found.isEmpty() ? null : found.get(0);
	}

	WebhookDelivery insert(WebhookDelivery delivery) {
		this.entityManager.persist(delivery);
		this.entityManager.flush();
		return delivery;
	}

	/**
	 * Claims a recorded delivery for another attempt if it failed, was never processed, or its
	 * lease expired, and nobody claimed it since it was read with the given attempts.
	 */
	boolean takeOver(long id, int attempts, Instant now, Instant leaseUntil) {
		return this.entityManager.createQuery(TAKE_OVER)
			.setParameter("id", id)
			.setParameter("attempts", attempts)
			.setParameter("now", now)
			.setParameter("leaseUntil", leaseUntil)
			.setParameter("processing", DeliveryStatus.PROCESSING)
			.setParameter("failed", DeliveryStatus.FAILED)
			.setParameter("received", DeliveryStatus.RECEIVED)
			.executeUpdate() == 1;
	}

	boolean complete(long id, int attempt, DeliveryStatus status, Instant now) {
		return this.entityManager.createQuery(COMPLETE)
			.setParameter("id", id)
			.setParameter("attempt", attempt)
			.setParameter("status", status)
			.setParameter("now", now)
			.setParameter("processing", DeliveryStatus.PROCESSING)
			.executeUpdate() == 1;
	}

	boolean fail(long id, int attempt, String lastError, Instant now) {
		return this.entityManager.createQuery(FAIL)
			.setParameter("id", id)
			.setParameter("attempt", attempt)
			.setParameter("lastError", lastError)
			.setParameter("now", now)
			.setParameter("failed", DeliveryStatus.FAILED)
			.setParameter("processing", DeliveryStatus.PROCESSING)
			.executeUpdate() == 1;
	}

	/**
	 * The ids of at most {@code limit} deliveries completed as PROCESSED or IGNORED and last
	 * updated before the given time, lowest first.
	 */
	List<Long> findCompletedBefore(Instant before, int limit) {
		return this.entityManager.createQuery(FIND_COMPLETED_BEFORE, Long.class)
			.setParameter("before", before)
			.setParameter("processed", DeliveryStatus.PROCESSED)
			.setParameter("ignored", DeliveryStatus.IGNORED)
			.setMaxResults(limit)
			.getResultList();
	}

	/**
	 * Deletes those of the given deliveries that are still completed and last updated before
	 * the given time, so that a delivery replayed since it was found is kept. Ids deleted
	 * meanwhile by another purge are skipped.
	 */
	int deleteCompletedBefore(List<Long> ids, Instant before) {
		return this.entityManager.createQuery(DELETE_COMPLETED_BEFORE)
			.setParameter("ids", ids)
			.setParameter("before", before)
			.setParameter("processed", DeliveryStatus.PROCESSED)
			.setParameter("ignored", DeliveryStatus.IGNORED)
			.executeUpdate();
	}

}
