package dev.webhookreceiver.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;

import dev.webhookreceiver.dispatch.WebhookHandlerException;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StoreUnavailability}.
 */
class StoreUnavailabilityTests {

	@Test
	void aPoolThatGaveNoConnectionInTimeIsAnUnavailableStore() {
		SQLTransientConnectionException timeout = new SQLTransientConnectionException(
				"HikariPool-1 - Connection is not available, request timed out after 3000ms");
		assertThat(StoreUnavailability.caused(timeout)).isTrue();
		assertThat(StoreUnavailability
			.caused(new CannotCreateTransactionException("Could not open JPA EntityManager for transaction", timeout)))
			.isTrue();
	}

	@Test
	void aLostConnectionIsAnUnavailableStore() {
		assertThat(StoreUnavailability.caused(new SQLNonTransientConnectionException("closed"))).isTrue();
		assertThat(StoreUnavailability.caused(new SQLException("An I/O error occurred", "08006"))).isTrue();
		assertThat(StoreUnavailability
			.caused(new SQLException("terminating connection due to administrator command", "57P01"))).isTrue();
		assertThat(StoreUnavailability.caused(new CannotGetJdbcConnectionException("no connection"))).isTrue();
	}

	@Test
	void aJpaProvidersConnectionFailureThrownByAHandlerIsAnUnavailableStore() {
		JDBCConnectionException failure = new JDBCConnectionException("could not execute statement",
				new SQLException("This connection has been closed.", "08003"));
		assertThat(StoreUnavailability.caused(failure)).isTrue();
		assertThat(StoreUnavailability.caused(new IllegalStateException("could not save the payment", failure)))
			.isTrue();
		assertThat(StoreUnavailability.caused(new WebhookHandlerException("handler threw", failure))).isTrue();
	}

	@Test
	void aFailedRollbackThatOverrodeAHandlersExceptionIsAnUnavailableStore() {
		TransactionSystemException rollbackFailure = new TransactionSystemException(
				"Could not roll back JPA transaction", new SQLException("This connection has been closed.", "08003"));
		rollbackFailure.initApplicationException(new IllegalStateException("handler failed"));
		assertThat(StoreUnavailability.caused(rollbackFailure)).isTrue();
	}

	@Test
	void aFailureOfTheStoreItselfIsAnUnavailableStore() {
		assertThat(StoreUnavailability.caused(new DeliveryStoreUnavailableException("down", new RuntimeException())))
			.isTrue();
	}

	@Test
	void aHandlersOwnBugIsNotAnUnavailableStore() {
		assertThat(StoreUnavailability.caused(new IllegalStateException("handler failed"))).isFalse();
		assertThat(StoreUnavailability.caused(new WebhookHandlerException("handler threw", new Exception()))).isFalse();
	}

	@Test
	void anAnswerOfTheDatabaseToAStatementIsNotAnUnavailableStore() {
		SQLException duplicateKey = new SQLException("duplicate key value violates unique constraint", "23505");
		assertThat(StoreUnavailability.caused(duplicateKey)).isFalse();
		assertThat(StoreUnavailability.caused(new ConstraintViolationException("insert", duplicateKey, "uk")))
			.isFalse();
		assertThat(StoreUnavailability.caused(new DataIntegrityViolationException("duplicate", duplicateKey)))
			.isFalse();
		SQLException statementTimeout = new SQLException("canceling statement due to statement timeout", "57014");
		assertThat(StoreUnavailability.caused(statementTimeout)).isFalse();
		assertThat(StoreUnavailability.caused(new QueryTimeoutException("timeout"))).isFalse();
		assertThat(StoreUnavailability.caused(new CannotAcquireLockException("deadlock"))).isFalse();
		assertThat(StoreUnavailability.caused(new SQLException("syntax error", "42601"))).isFalse();
	}

	@Test
	void aCauseChainWithACycleEnds() {
		IllegalStateException first = new IllegalStateException("first");
		IllegalStateException second = new IllegalStateException("second", first);
		first.initCause(second);
		assertThat(StoreUnavailability.caused(first)).isFalse();
	}

}
