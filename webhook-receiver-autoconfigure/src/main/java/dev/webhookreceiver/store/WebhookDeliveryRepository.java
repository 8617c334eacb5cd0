package dev.webhookreceiver.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * The statements on the {@code webhook_delivery} table, in plain JDBC: each is prepared from a
 * constant SQL text (so the driver's and the database's statement caches keep it), binds its
 * parameters positionally and reads only the columns it needs. Every method runs on the
 * connection of the transaction bound to the current thread, if any, and commits on its own
 * otherwise. The {@link WebhookDelivery} entity stays the mapping of the table (and what
 * Hibernate validates the schema against); no persistence context is involved here, so there
 * is no dirty checking of payloads and headers.
 * <p>
 * Changes to an existing record are conditional updates, so that concurrent requests and
 * workers never overwrite each other's claims.
 */
final class WebhookDeliveryRepository {

	private static final String INSERT = """
			INSERT INTO webhook_delivery
			  (endpoint, delivery_id, event_type, status, attempts, received_at, updated_at, lease_until,
			   last_error, payload, headers, next_attempt_at, request_url, signed_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

	/**
	 * PostgreSQL aborts a transaction at its first failed statement: a copy of a delivery
	 * inserted by another transaction must not be a failure there.
	 */
	private static final String INSERT_IF_ABSENT_POSTGRESQL = INSERT + " ON CONFLICT (endpoint, delivery_id) DO NOTHING";

	/**
	 * MariaDB's driver logs every error the server answers at WARN: a copy of a delivery
	 * recorded before must not be an error there. {@code IGNORE} also turns values too long for
	 * their columns into warnings; the store checks those lengths before it inserts.
	 */
	private static final String INSERT_IF_ABSENT_MYSQL = "INSERT IGNORE" + INSERT.substring("INSERT".length());

	/**
	 * H2 has no insert that skips a duplicate key, and a statement that fails in a transaction
	 * leaves a mark on it with which a concurrent transaction waiting for one of its row locks
	 * no longer times out: it retries at once until the transaction ends, spinning a CPU, for
	 * as long as the handlers run. So a copy of a delivery recorded before is skipped here, not
	 * refused (parameters {@code ?1} and {@code ?2} are the endpoint and the delivery id); the
	 * insert still fails when a concurrent transaction inserted the same delivery first.
	 */
	private static final String INSERT_IF_ABSENT_H2 = """
			INSERT INTO webhook_delivery
			  (endpoint, delivery_id, event_type, status, attempts, received_at, updated_at, lease_until,
			   last_error, payload, headers, next_attempt_at, request_url, signed_at)
			SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14
			WHERE NOT EXISTS (SELECT 1 FROM webhook_delivery WHERE endpoint = ?1 AND delivery_id = ?2)""";

	private static final String[] GENERATED_ID = { "id" };

	private static final String FIND = """
			SELECT id, status, attempts, lease_until
			FROM webhook_delivery
			WHERE endpoint = ? AND delivery_id = ?""";

	private static final String TAKE_OVER = """
			UPDATE webhook_delivery
			SET status = 'PROCESSING', attempts = attempts + 1, lease_until = ?, next_attempt_at = ?, updated_at = ?
			WHERE id = ? AND attempts = ?
			  AND (status IN ('FAILED', 'RECEIVED')
			       OR (status = 'PROCESSING' AND (lease_until IS NULL OR lease_until <= ?)))""";

	private static final String COMPLETE = """
			UPDATE webhook_delivery
			SET status = ?, lease_until = NULL, next_attempt_at = NULL, updated_at = ?
			WHERE id = ? AND status = 'PROCESSING' AND attempts = ?""";

	private static final String MARK = """
			UPDATE webhook_delivery
			SET status = ?, updated_at = ?
			WHERE id = ? AND attempts = ?""";

	/**
	 * Marks attempt n failed (or dead): the record is either still claimed by that attempt (a claim
	 * committed on its own), or back where it was before the attempt claimed it (a claim that
	 * rolled back with the handlers' transaction), and in neither case claimed by anyone since.
	 */
	private static final String FAIL = """
			UPDATE webhook_delivery
			SET status = ?, attempts = ?, last_error = ?, lease_until = NULL, next_attempt_at = ?, updated_at = ?
			WHERE endpoint = ? AND delivery_id = ?
			  AND ((status = 'PROCESSING' AND attempts = ?)
			       OR (attempts = ? AND (status IN ('FAILED', 'RECEIVED')
			                             OR (status = 'PROCESSING' AND (lease_until IS NULL OR lease_until <= ?)))))""";

	/**
	 * The deliveries a worker may claim: stored and never processed, failed and due for another
	 * attempt, or claimed by a worker whose lease expired. A claim sets {@code next_attempt_at}
	 * to its lease's end, so that the status index finds all three: of each status, in the
	 * order they fell due. Ordered as the index is ({@code status, next_attempt_at}), the
	 * database reads the index's first few due entries and stops; ordered by
	 * {@code next_attempt_at} alone, it read and sorted every due delivery for each claim, which
	 * made a backlog of n deliveries cost n² to drain.
	 */
	private static final String FIND_DUE = """
			SELECT id, attempts
			FROM webhook_delivery
			WHERE status IN ('FAILED', 'PROCESSING', 'RECEIVED') AND next_attempt_at <= ? AND endpoint IN (%s)
			ORDER BY status, next_attempt_at
			LIMIT %d""";

	/**
	 * Where the database can skip rows that other transactions locked, a worker locks the one
	 * due delivery it claims, and concurrent workers each find another.
	 */
	private static final String FOR_UPDATE_SKIP_LOCKED = " FOR UPDATE SKIP LOCKED";

	/**
	 * Where the database cannot skip locked rows in a limited query (H2), a worker reads a few due
	 * deliveries and claims the first of them whose conditional update it wins.
	 */
	private static final int DUE_CANDIDATES = 8;

	private static final String FIND_STORED = """
			SELECT endpoint, delivery_id, event_type, payload, headers, request_url, signed_at
			FROM webhook_delivery
			WHERE id = ?""";

	private static final String FIND_COMPLETED_BEFORE = """
			SELECT id
			FROM webhook_delivery
			WHERE status IN ('PROCESSED', 'IGNORED') AND updated_at < ?
			ORDER BY id""";

	private static final String DELETE_COMPLETED_BEFORE = """
			DELETE FROM webhook_delivery
			WHERE status IN ('PROCESSED', 'IGNORED') AND updated_at < ? AND id IN (%s)""";

	private static final String COUNT_BY_STATUS = """
			SELECT status, count(*), min(next_attempt_at)
			FROM webhook_delivery%s
			GROUP BY status""";

	/**
	 * The statuses not completed: a range of the status index, however many completed
	 * deliveries the table keeps.
	 */
	private static final String PENDING = " WHERE status IN ('RECEIVED', 'PROCESSING', 'FAILED', 'DEAD')";

	private static final String RECORD_COLUMNS = """
			id, endpoint, delivery_id, event_type, status, attempts, received_at, updated_at, next_attempt_at,
			lease_until, last_error""";

	/** Formatted with the columns, a condition on the status or none, and the limit. */
	private static final String LIST = """
			SELECT %s
			FROM webhook_delivery
			WHERE endpoint = ? AND id < ?%s
			ORDER BY id DESC
			LIMIT %d""";

	private static final String FIND_RECORD = """
			SELECT %s, payload, headers, request_url, signed_at
			FROM webhook_delivery
			WHERE endpoint = ? AND delivery_id = ?""".formatted(RECORD_COLUMNS);

	/**
	 * Claims a recorded delivery for a replay, as another attempt, if nothing changed it since
	 * it was read and nobody holds it: not {@code PROCESSING} within its lease.
	 */
	private static final String CLAIM_FOR_REPLAY = """
			UPDATE webhook_delivery
			SET status = 'PROCESSING', attempts = attempts + 1, lease_until = ?, next_attempt_at = ?, updated_at = ?
			WHERE id = ? AND status = ? AND attempts = ? AND (status <> 'PROCESSING' OR lease_until <= ?)""";

	/**
	 * Puts a recorded delivery back for the workers, as if just stored, if nothing changed it
	 * since it was read and nobody holds it: not {@code PROCESSING} within its lease.
	 */
	private static final String REQUEUE = """
			UPDATE webhook_delivery
			SET status = 'RECEIVED', attempts = 0, lease_until = NULL, next_attempt_at = ?, updated_at = ?
			WHERE id = ? AND status = ? AND attempts = ? AND (status <> 'PROCESSING' OR lease_until <= ?)""";

	/**
	 * Locks a recorded delivery, unless a concurrent transaction holds it, without waiting for
	 * that transaction.
	 */
	private static final String LOCK_UNLESS_HELD = "SELECT id FROM webhook_delivery WHERE id = ?"
			+ FOR_UPDATE_SKIP_LOCKED;

	private static final String DELETE = """
			DELETE FROM webhook_delivery
			WHERE id = ? AND status = ? AND attempts = ?""";

	/** The statuses of deliveries that fall due for a worker at their {@code next_attempt_at}. */
	private static final Set<DeliveryStatus> WAITING_FOR_WORKERS = EnumSet.of(DeliveryStatus.RECEIVED,
			DeliveryStatus.FAILED, DeliveryStatus.PROCESSING);

	private static final DeliveryHeadersConverter headersConverter = new DeliveryHeadersConverter();

	/** PostgreSQL's SQL state for a lock that could not be had in time. */
	private static final String LOCK_NOT_AVAILABLE = "55P03";

	/** MySQL's and MariaDB's error code for a lock wait that timed out. */
	private static final int MYSQL_LOCK_WAIT_TIMEOUT = 1205;

	/** MySQL's error code for a lock that {@code NOWAIT} could not have. */
	private static final int MYSQL_LOCK_NOWAIT = 3572;

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final JdbcTemplate waitingJdbc;

	private volatile @Nullable Database database;

	/**
	 * Creates the repository.
	 * @param dataSource the data source of the persistence unit that maps the table
	 * @param lockWaitSeconds the longest a claim waits for a concurrent transaction that holds
	 * the delivery, where the database does not bound such waits itself
	 */
	WebhookDeliveryRepository(DataSource dataSource, int lockWaitSeconds) {
		this.dataSource = dataSource;
		this.jdbc = jdbcTemplate(dataSource);
		this.waitingJdbc = jdbcTemplate(dataSource);
		this.waitingJdbc.setQueryTimeout(lockWaitSeconds);
	}

	/**
	 * A template whose exceptions are Spring's, but for the lock waits that Spring's default
	 * translation, by exception class and SQL state class, leaves uncategorized, which it
	 * throws as {@link CannotAcquireLockException}: PostgreSQL's {@code lock_not_available}
	 * ({@code lock_timeout}, {@code NOWAIT}), MySQL's and MariaDB's lock wait timeout (InnoDB's,
	 * or a table lock's) and {@code NOWAIT}. So the store tells every lock conflict, which means
	 * the database answered, from the database being unavailable by exception type alone.
	 */
	private static JdbcTemplate jdbcTemplate(DataSource dataSource) {
		JdbcTemplate template = new JdbcTemplate(dataSource);
		SQLExceptionTranslator spring = template.getExceptionTranslator();
		template.setExceptionTranslator((task, sql, ex) -> isLockWait(ex)
				? new CannotAcquireLockException(task + "; " + ex.getMessage(), ex) : spring.translate(task, sql, ex));
		return template;
	}

	private static boolean isLockWait(SQLException ex) {
		return LOCK_NOT_AVAILABLE.equals(ex.getSQLState()) || ex.getErrorCode() == MYSQL_LOCK_WAIT_TIMEOUT
				|| ex.getErrorCode() == MYSQL_LOCK_NOWAIT;
	}

	/**
	 * Records a new delivery claimed for its first attempt, unless it is recorded already.
	 * Waits, bounded, for a concurrent transaction that inserted the same delivery to end.
	 * @param status {@code PROCESSING} with a lease, {@code RECEIVED} for the workers, or a
	 * final status
	 * @return the id of the new record, or {@code null} if the delivery was recorded before
	 */
	@Nullable Long insertIfAbsent(NewDelivery delivery, DeliveryStatus status, Instant now,
			@Nullable Instant leaseUntil) {
		return insertIfAbsent(delivery, status, now, leaseUntil, false);
	}

	/**
	 * Records a new delivery with a final status, or stored for the workers, unless it is
	 * recorded already, committed on its own: there must be no transaction bound to the
	 * calling thread. One statement needs no transaction around it; where the pool's
	 * connections do not commit each statement ({@code auto-commit: false}), the insert is
	 * committed here.
	 * @param status {@code RECEIVED} for the workers, or a final status
	 * @return the id of the new record, or {@code null} if the delivery was recorded before
	 */
	@Nullable Long insertAloneIfAbsent(NewDelivery delivery, DeliveryStatus status, Instant now) {
		Assert.state(!TransactionSynchronizationManager.isActualTransactionActive(),
				"A delivery inserted alone must not be in a transaction");
		Assert.isTrue(status != DeliveryStatus.PROCESSING, "A claimed delivery is inserted in a transaction");
		return insertIfAbsent(delivery, status, now, null, true);
	}

	private @Nullable Long insertIfAbsent(NewDelivery delivery, DeliveryStatus status, Instant now,
			@Nullable Instant leaseUntil, boolean alone) {
		// A claimed delivery falls due for the workers when its lease expires, a stored one at once.
		Instant nextAttemptAt = (status == DeliveryStatus.RECEIVED) ? now : leaseUntil;
		int attempts = (status == DeliveryStatus.RECEIVED) ? 0 : 1;
		Database database = database();
		String sql = database.insertIfAbsent();
		try {
			return jdbc(database).execute((Connection connection) -> connection.prepareStatement(sql,
					GENERATED_ID), (PreparedStatement statement) -> {
						bindNew(statement, database, delivery, status, attempts, now, leaseUntil, null,
								nextAttemptAt);
						if (statement.executeUpdate() == 0) {
							return null;
						}
						Long id;
						try (ResultSet keys = statement.getGeneratedKeys()) {
							id = keys.next() ? keys.getLong(1) : null;
						}
						Connection connection = statement.getConnection();
						if (alone && !connection.getAutoCommit()) {
							connection.commit();
						}
						return id;
					});
		}
		catch (DuplicateKeyException ex) {
			return null;
		}
	}

	/**
	 * Records a delivery whose first attempt failed, unless it is recorded already.
	 * @return whether it was recorded
	 */
	boolean insertFailedIfAbsent(NewDelivery delivery, DeliveryStatus status, String lastError, Instant now,
			@Nullable Instant nextAttemptAt) {
		Database database = database();
		String sql = database.insertIfAbsent();
		try {
			return this.jdbc.update(sql, (statement) -> bindNew(statement, database, delivery, status, 1, now, null,
					lastError, nextAttemptAt)) == 1;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/**
	 * Reads where a recorded delivery stands, without its payload.
	 */
	@Nullable RecordedDelivery find(String endpoint, String deliveryId) {
		Database database = database();
		List<RecordedDelivery> found = this.jdbc.query(FIND,
				(ResultSet row, int index) -> new RecordedDelivery(row.getLong(1), DeliveryStatus.valueOf(row.getString(2)),
						row.getInt(3), database.instant(row, 4)),
				endpoint, deliveryId);
		return found.isEmpty() ? null : found.get(0);
	}

	/**
	 * Claims a recorded delivery for another attempt if it failed, was never processed, or its
	 * lease expired, and nobody claimed it since it was read with the given attempts. Waits,
	 * bounded, for a concurrent transaction that holds the record.
	 */
	boolean takeOver(long id, int attempts, Instant now, Instant leaseUntil) {
		return jdbc(database()).update(TAKE_OVER, timestamp(leaseUntil), timestamp(leaseUntil), timestamp(now), id,
				attempts, timestamp(now)) == 1;
	}

	/**
	 * Finds the deliveries of the given endpoints that are due for a worker, by status (failed,
	 * then claimed with an expired lease, then stored) and of each the most overdue first: on
	 * databases that skip locked rows, the one found is locked until the current
	 * transaction ends, and no concurrent worker finds it; elsewhere, a few candidates that
	 * concurrent workers may also find, to be claimed with {@link #takeOver}.
	 * @return the ids and attempts of the due deliveries
	 */
	List<RecordedDelivery> findDue(Collection<String> endpoints, Instant now) {
		Database database = database();
		String sql = dueQuery(endpoints.size(), database.skipsLockedBeforeLimit());
		Object[] arguments = new Object[endpoints.size() + 1];
		arguments[0] = timestamp(now);
		int i = 1;
		for (String endpoint : endpoints) {
			arguments[i++] = endpoint;
		}
		// Bounded like a claim's other waits: rows are skipped, but a table lock (a migration's,
		// say) is waited for.
		return jdbc(database).query(sql, (ResultSet row, int index) -> new RecordedDelivery(row.getLong(1),
				DeliveryStatus.PROCESSING, row.getInt(2), null), arguments);
	}

	/**
	 * The query of {@link #findDue}: its parameters are the time and the endpoints.
	 * @param endpoints how many endpoints it names
	 * @param skipLocked whether the database skips locked rows before it applies the limit
	 */
	static String dueQuery(int endpoints, boolean skipLocked) {
		return FIND_DUE.formatted(String.join(", ", Collections.nCopies(endpoints, "?")),
				skipLocked ? 1 : DUE_CANDIDATES) + (skipLocked ? FOR_UPDATE_SKIP_LOCKED : "");
	}

	/**
	 * Reads a stored delivery back, with its payload and headers.
	 */
	@Nullable NewDelivery findStored(long id) {
		Database database = database();
		List<NewDelivery> found = this.jdbc.query(FIND_STORED, (ResultSet row, int index) -> {
			Map<String, String> headers = headersConverter.convertToEntityAttribute(row.getString(5));
			return new NewDelivery(row.getString(1), row.getString(2), row.getString(3), row.getBytes(4),
					(headers != null) ? headers : Map.of(), row.getString(6), database.instant(row, 7));
		}, id);
		return found.isEmpty() ? null : found.get(0);
	}

	/**
	 * Changes the final status of a record inserted with one in the current transaction.
	 */
	boolean mark(long id, int attempt, DeliveryStatus status, Instant now) {
		return this.jdbc.update(MARK, status.name(), timestamp(now), id, attempt) == 1;
	}

	boolean complete(long id, int attempt, DeliveryStatus status, Instant now) {
		return this.jdbc.update(COMPLETE, status.name(), timestamp(now), id, attempt) == 1;
	}

	boolean fail(NewDelivery delivery, int attempt, DeliveryStatus status, String lastError, Instant now,
			@Nullable Instant nextAttemptAt) {
		return this.jdbc.update(FAIL, status.name(), attempt, lastError,
				(nextAttemptAt != null) ? timestamp(nextAttemptAt) : null, timestamp(now), delivery.endpoint(),
				delivery.deliveryId(), attempt, attempt - 1, timestamp(now)) == 1;
	}

	/**
	 * The ids of at most {@code limit} deliveries completed as PROCESSED or IGNORED and last
	 * updated before the given time, lowest first.
	 */
	List<Long> findCompletedBefore(Instant before, int limit) {
		JdbcTemplate bounded = jdbcTemplate(this.dataSource);
		bounded.setMaxRows(limit);
		return bounded.queryForList(FIND_COMPLETED_BEFORE, Long.class, timestamp(before));
	}

	/**
	 * Deletes those of the given deliveries that are still completed and last updated before
	 * the given time, so that a delivery replayed since it was found is kept. Ids deleted
	 * meanwhile by another purge are skipped.
	 */
	int deleteCompletedBefore(List<Long> ids, Instant before) {
		String sql = DELETE_COMPLETED_BEFORE.formatted(String.join(", ", Collections.nCopies(ids.size(), "?")));
		Object[] arguments = new Object[ids.size() + 1];
		arguments[0] = timestamp(before);
		for (int i = 0; i < ids.size(); i++) {
			arguments[i + 1] = ids.get(i);
		}
		return this.jdbc.update(sql, arguments);
	}

	/**
	 * Counts the deliveries by status, with the earliest next attempt of each status.
	 * @param pendingOnly whether to count only the deliveries not completed, leaving
	 * {@code PROCESSED} and {@code IGNORED} at zero
	 */
	DeliveryCounts counts(boolean pendingOnly) {
		Database database = database();
		Map<DeliveryStatus, Long> counts = new EnumMap<>(DeliveryStatus.class);
		Instant[] earliest = new Instant[1];
		this.jdbc.query(COUNT_BY_STATUS.formatted(pendingOnly ? PENDING : ""), (ResultSet row) -> {
			DeliveryStatus status = DeliveryStatus.valueOf(row.getString(1));
			counts.put(status, row.getLong(2));
			Instant next = database.instant(row, 3);
			if (next != null && WAITING_FOR_WORKERS.contains(status)
					&& (earliest[0] == null || next.isBefore(earliest[0]))) {
				earliest[0] = next;
			}
		});
		return new DeliveryCounts(counts, earliest[0]);
	}

	/**
	 * Lists the deliveries of an endpoint, newest first, without payloads and headers.
	 */
	List<DeliveryRecord> list(String endpoint, @Nullable DeliveryStatus status, long beforeId, int limit) {
		String sql = LIST.formatted(RECORD_COLUMNS, (status != null) ? " AND status = ?" : "", limit);
		Object[] arguments = (status != null) ? new Object[] { endpoint, beforeId, status.name() }
				: new Object[] { endpoint, beforeId };
		Database database = database();
		return this.jdbc.query(sql, (ResultSet row, int index) -> record(row, false, database), arguments);
	}

	/**
	 * Reads a recorded delivery with its payload and headers.
	 */
	@Nullable DeliveryRecord findRecord(String endpoint, String deliveryId) {
		Database database = database();
		List<DeliveryRecord> found = this.jdbc.query(FIND_RECORD,
				(ResultSet row, int index) -> record(row, true, database), endpoint, deliveryId);
		return found.isEmpty() ? null : found.get(0);
	}

	/**
	 * Locks a recorded delivery until the current transaction ends, unless a concurrent
	 * transaction holds it (a request or worker processing it): then it answers at once rather
	 * than waiting for that transaction, which runs handlers for as long as they take. Where
	 * the database cannot skip locked rows, nothing is locked, and the statements that follow
	 * wait instead.
	 * @return {@code false} if the delivery is held by another transaction, or gone
	 */
	boolean lockUnlessHeld(long id) {
		if (!database().skipsLocked()) {
			return true;
		}
		return !this.jdbc.queryForList(LOCK_UNLESS_HELD, Long.class, id).isEmpty();
	}

	boolean claimForReplay(DeliveryRecord delivery, Instant now, Instant leaseUntil) {
		return this.jdbc.update(CLAIM_FOR_REPLAY, timestamp(leaseUntil), timestamp(leaseUntil), timestamp(now),
				delivery.id(), delivery.status().name(), delivery.attempts(), timestamp(now)) == 1;
	}

	boolean requeue(DeliveryRecord delivery, Instant now) {
		return this.jdbc.update(REQUEUE, timestamp(now), timestamp(now), delivery.id(), delivery.status().name(),
				delivery.attempts(), timestamp(now)) == 1;
	}

	boolean delete(DeliveryRecord delivery) {
		return this.jdbc.update(DELETE, delivery.id(), delivery.status().name(), delivery.attempts()) == 1;
	}

	private static DeliveryRecord record(ResultSet row, boolean stored, Database database) throws SQLException {
		Map<String, String> headers = stored ? headersConverter.convertToEntityAttribute(row.getString(13)) : null;
		Instant receivedAt = database.instant(row, 7);
		Instant updatedAt = database.instant(row, 8);
		if (receivedAt == null || updatedAt == null) {
			throw new SQLException("Delivery record " + row.getLong(1) + " has no received_at or updated_at");
		}
		return new DeliveryRecord(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
				DeliveryStatus.valueOf(row.getString(5)), row.getInt(6), receivedAt, updatedAt,
				database.instant(row, 9), database.instant(row, 10), row.getString(11),
				stored ? row.getBytes(12) : null,
				(headers != null) ? headers : Map.of(), stored ? row.getString(14) : null,
				stored ? database.instant(row, 15) : null);
	}

	private static void bindNew(PreparedStatement statement, Database database, NewDelivery delivery,
			DeliveryStatus status, int attempts, Instant now, @Nullable Instant leaseUntil, @Nullable String lastError,
			@Nullable Instant nextAttemptAt) throws SQLException {
		statement.setString(1, delivery.endpoint());
		statement.setString(2, delivery.deliveryId());
		statement.setString(3, delivery.eventType());
		statement.setString(4, status.name());
		statement.setInt(5, attempts);
		statement.setObject(6, database.timestamp(now), database.timestampType());
		statement.setObject(7, database.timestamp(now), database.timestampType());
		statement.setObject(8, (leaseUntil != null) ? database.timestamp(leaseUntil) : null,
				database.timestampType());
		statement.setString(9, lastError);
		statement.setBytes(10, delivery.payload());
		Map<String, String> headers = delivery.headers();
		statement.setString(11, headersConverter.convertToDatabaseColumn(headers));
		statement.setObject(12, (nextAttemptAt != null) ? database.timestamp(nextAttemptAt) : null,
				database.timestampType());
		String requestUrl = delivery.requestUrl();
		statement.setString(13, (requestUrl != null && requestUrl.length() <= WebhookDelivery.MAX_REQUEST_URL_LENGTH)
				? requestUrl : null);
		Instant signedAt = delivery.signedAt();
		statement.setObject(14,
				(signedAt != null) ? database.timestamp(signedAt.truncatedTo(ChronoUnit.MICROS)) : null,
				database.timestampType());
	}

	private JdbcTemplate jdbc(Database database) {
		// H2 bounds lock waits itself (LOCK_TIMEOUT, 2s by default); its query timeout would stay
		// set on the pooled session for every later statement of the application.
		return (database == Database.H2) ? this.jdbc : this.waitingJdbc;
	}

	private Database database() {
		Database database = this.database;
		if (database == null) {
			database = Database.of(this.dataSource);
			this.database = database;
		}
		return database;
	}

	private Object timestamp(Instant instant) {
		return database().timestamp(instant);
	}

	/**
	 * Where a recorded delivery stands.
	 *
	 * @param id the record's id
	 * @param status its status
	 * @param attempts how many times it was claimed
	 * @param leaseUntil when the current claim expires, if claimed
	 */
	record RecordedDelivery(long id, DeliveryStatus status, int attempts, @Nullable Instant leaseUntil) {

	}

	/**
	 * The databases whose statements differ.
	 */
	enum Database {

		POSTGRESQL, MYSQL, H2, OTHER;

		/**
		 * The insert of a new delivery: where the database allows one, an insert that skips a
		 * delivery recorded before without an error; elsewhere a plain one, whose duplicate key
		 * the caller catches.
		 */
		String insertIfAbsent() {
			return switch (this) {
				case POSTGRESQL -> INSERT_IF_ABSENT_POSTGRESQL;
				case MYSQL -> INSERT_IF_ABSENT_MYSQL;
				case H2 -> INSERT_IF_ABSENT_H2;
				default -> INSERT;
			};
		}

		/**
		 * A time as the table's timestamp columns take it: as an {@link OffsetDateTime} in UTC
		 * where they keep the offset ({@code TIMESTAMP WITH TIME ZONE}), and as the
		 * {@link LocalDateTime} in UTC in MySQL's and MariaDB's {@code DATETIME}, which keeps none:
		 * their drivers would shift an {@code OffsetDateTime} to the JVM's or the connection's
		 * time zone, so instances in different zones would disagree about leases. Hibernate writes
		 * the entity's {@code Instant}s there in UTC too.
		 */
		Object timestamp(Instant instant) {
			return (this == MYSQL) ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC)
					: instant.atOffset(ZoneOffset.UTC);
		}

		/**
		 * The JDBC type of a {@link #timestamp(Instant) timestamp}, for binding one that may be
		 * {@code null}.
		 */
		int timestampType() {
			return (this == MYSQL) ? Types.TIMESTAMP : Types.TIMESTAMP_WITH_TIMEZONE;
		}

		/**
		 * Reads a time written as a {@link #timestamp(Instant) timestamp}.
		 */
		@Nullable Instant instant(ResultSet row, int column) throws SQLException {
			if (this == MYSQL) {
				LocalDateTime value = row.getObject(column, LocalDateTime.class);
				return (value != null) ? value.toInstant(ZoneOffset.UTC) : null;
			}
			OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
			return (value != null) ? value.toInstant() : null;
		}

		/**
		 * Whether the database supports {@code FOR UPDATE SKIP LOCKED} (PostgreSQL 9.5+, MySQL
		 * 8+, MariaDB 10.6+, H2).
		 */
		boolean skipsLocked() {
			return skipsLockedBeforeLimit() || this == H2;
		}

		/**
		 * Whether the database skips locked rows before it applies a query's {@code LIMIT}, so
		 * that a limited query finds the first rows nobody holds. H2 applies the limit first: a
		 * query whose first row is held finds nothing.
		 */
		boolean skipsLockedBeforeLimit() {
			return this == POSTGRESQL || this == MYSQL;
		}

		static Database of(DataSource dataSource) {
			try {
				String product = JdbcUtils.extractDatabaseMetaData(dataSource, (metaData) -> metaData.getDatabaseProductName());
				String name = product.toLowerCase(Locale.ROOT);
				if (name.contains("postgres")) {
					return POSTGRESQL;
				}
				if (name.contains("mysql") || name.contains("mariadb")) {
					return MYSQL;
				}
				return name.equals("h2") ? H2 : OTHER;
			}
			catch (MetaDataAccessException ex) {
				throw new DataAccessResourceFailureException(
						"Could not tell which database stores the deliveries", ex);
			}
		}

	}

}
