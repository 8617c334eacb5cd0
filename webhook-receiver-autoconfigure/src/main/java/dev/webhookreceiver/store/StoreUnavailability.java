package dev.webhookreceiver.store;

import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a failure caused by the database being unavailable from any other failure, such as a
 * handler's own bug.
 * <p>
 * A failure is caused by the database being unavailable when it, or any of its causes, is:
 * <ul>
 * <li>a {@link DeliveryStoreUnavailableException};</li>
 * <li>a {@link CannotCreateTransactionException} (no connection for a new transaction) or a
 * {@link TransactionSystemException} (a commit or rollback that failed in the transaction
 * system, also when it overrode a handler's exception);</li>
 * <li>a resource failure in Spring's data access categories:
 * {@link DataAccessResourceFailureException}, {@link TransientDataAccessResourceException} or
 * {@link RecoverableDataAccessException};</li>
 * <li>an {@link SQLException} that Spring's translation puts in one of those categories: for
 * example {@code SQLTransientConnectionException} (a pool that gave no connection in time),
 * {@code SQLNonTransientConnectionException}, or an SQL state of class {@code 08} (connection
 * exception), {@code 53} (insufficient resources) or {@code 57} (operator intervention, such as
 * a server shutting down). JPA providers' exceptions carry the JDBC failure as their cause.</li>
 * </ul>
 * Every other failure is not, notably data integrity violations, lock and concurrency failures,
 * query timeouts and bad SQL: the database answered, and the statement or the code that ran it
 * is at fault.
 */
public final class StoreUnavailability {

	private static final SQLExceptionTranslator translator = new SQLExceptionSubclassTranslator();

	private StoreUnavailability() {
	}

	/**
	 * Whether the database being unavailable caused a failure.
	 * @param failure the failure
	 * @return whether the failure or one of its causes shows the database unavailable
	 */
	public static boolean caused(Throwable failure) {
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Throwable current = failure; current != null && seen.add(current); current = current.getCause()) {
			if (isUnavailable(current)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isUnavailable(Throwable failure) {
		if (failure instanceof DeliveryStoreUnavailableException || failure instanceof CannotCreateTransactionException
				|| failure instanceof TransactionSystemException) {
			return true;
		}
		if (failure instanceof SQLException sqlException) {
			return isResourceFailure(translator.translate("", null, sqlException));
		}
		return isResourceFailure(failure);
	}

	private static boolean isResourceFailure(@Nullable Throwable failure) {
		return failure instanceof DataAccessResourceFailureException
				|| failure instanceof TransientDataAccessResourceException
				|| failure instanceof RecoverableDataAccessException;
	}

}
