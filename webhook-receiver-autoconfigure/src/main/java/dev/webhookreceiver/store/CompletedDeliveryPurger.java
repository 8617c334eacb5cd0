package dev.webhookreceiver.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * Deletes the records of completed deliveries, {@code PROCESSED} or {@code IGNORED}, that were
 * last updated longer ago than the retention, so that the {@code webhook_delivery} table does
 * not grow forever.
 * <p>
 * Records in any other status are never deleted: {@code RECEIVED}, {@code PROCESSING} and
 * {@code FAILED} deliveries still have to be processed, and {@code DEAD} ones stay until an
 * operator replays or deletes them.
 * <p>
 * A purge works in batches, each in a short transaction of its own: it selects the ids of up
 * to batch-size purgeable records, lowest first, and deletes them, until a batch finds fewer
 * than batch-size. Several instances sharing the database may purge at the same time: a
 * record that another purge deleted first is skipped. Once a record is purged, a redelivery of
 * its delivery is no longer recognized as a duplicate.
 */
public class CompletedDeliveryPurger {

	private static final Log logger = LogFactory.getLog(CompletedDeliveryPurger.class);

	private final WebhookDeliveryRepository deliveries;

	private final TransactionTemplate batchTransaction;

	private final Clock clock;

	private final Duration retention;

	private final int batchSize;

	/**
	 * Create a new purger.
	 * @param dataSource the data source of the persistence unit that maps
	 * {@link WebhookDelivery}
	 * @param transactionManager the transaction manager of that persistence unit
	 * @param clock the clock that tells how old a record is
	 * @param retention how long a completed delivery is kept after its last update
	 * @param batchSize the largest number of records deleted in one transaction
	 */
	public CompletedDeliveryPurger(DataSource dataSource, PlatformTransactionManager transactionManager,
			Clock clock, Duration retention, int batchSize) {
		Assert.notNull(dataSource, "'dataSource' must not be null");
		Assert.notNull(transactionManager, "'transactionManager' must not be null");
		Assert.notNull(clock, "'clock' must not be null");
		Assert.isTrue(retention != null && !retention.isNegative() && !retention.isZero(),
				"'retention' must be positive");
		Assert.isTrue(batchSize > 0, "'batchSize' must be positive");
		this.deliveries = new WebhookDeliveryRepository(dataSource, 1);
		this.batchTransaction = new TransactionTemplate(transactionManager);
		this.batchTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
		this.retention = retention;
		this.batchSize = batchSize;
	}

	/**
	 * Deletes the completed deliveries last updated longer ago than the retention, batch by
	 * batch, each batch in a new transaction. If the calling thread is interrupted, the purge
	 * ends after the current batch. If a batch fails, its exception is thrown; the batches
	 * before it stay deleted.
	 * @return the number of records deleted
	 */
	public long purge() {
		Instant before = this.clock.instant().minus(this.retention).truncatedTo(ChronoUnit.MICROS);
		long purged = 0;
		int found;
		do {
			Batch batch = this.batchTransaction.execute((status) -> purgeBatch(before));
			Assert.state(batch != null, "A batch must have an outcome");
			purged += batch.deleted();
			found = batch.found();
		}
		while (found == this.batchSize && !Thread.currentThread().isInterrupted());
		if (purged > 0) {
			logger.info("Purged " + purged + " PROCESSED and IGNORED deliveries last updated before " + before);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("No PROCESSED or IGNORED deliveries last updated before " + before + " to purge");
		}
		return purged;
	}

	private Batch purgeBatch(Instant before) {
		List<Long> ids = this.deliveries.findCompletedBefore(before, this.batchSize);
		int deleted = ids.isEmpty() ? 0 : this.deliveries.deleteCompletedBefore(ids, before);
		return new Batch(ids.size(), deleted);
	}

	private record Batch(int found, int deleted) {

	}

}
