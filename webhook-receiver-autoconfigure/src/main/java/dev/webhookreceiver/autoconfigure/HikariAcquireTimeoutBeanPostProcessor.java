package dev.webhookreceiver.autoconfigure;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.webhookreceiver.WebhookConfigurationException;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Makes {@code webhook.receiver.store.acquire-timeout} the connection timeout of a HikariCP
 * pool that has none of its own, so that a delivery that cannot get a connection (the pool is
 * exhausted, or the database is down) is answered 503 before its sender gives up, rather than
 * after HikariCP's 30 s default.
 * <p>
 * A pool is left alone when {@code spring.datasource.hikari.connection-timeout} is set, when
 * its connection timeout is not HikariCP's default, or when it is already running. HikariCP
 * has no timeout per {@code getConnection} call, and the handlers share the application's
 * connections and transaction, so the timeout can only be the pool's: the change is logged at
 * INFO.
 */
class HikariAcquireTimeoutBeanPostProcessor implements BeanPostProcessor {

	static final String CONNECTION_TIMEOUT_PROPERTY = "spring.datasource.hikari.connection-timeout";

	private static final String ACQUIRE_TIMEOUT_PROPERTY = "webhook.receiver.store.acquire-timeout";

	private static final long HIKARI_DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(30).toMillis();

	private static final Log logger = LogFactory.getLog(HikariAcquireTimeoutBeanPostProcessor.class);

	private final Duration acquireTimeout;

	private final boolean connectionTimeoutConfigured;

	HikariAcquireTimeoutBeanPostProcessor(Duration acquireTimeout, boolean connectionTimeoutConfigured) {
		this.acquireTimeout = acquireTimeout;
		this.connectionTimeoutConfigured = connectionTimeoutConfigured;
	}

	/**
	 * Creates a post-processor from the environment's settings.
	 * @param environment the environment
	 * @return the post-processor
	 * @throws WebhookConfigurationException if the acquire timeout is not positive
	 */
	static HikariAcquireTimeoutBeanPostProcessor of(Environment environment) {
		Binder binder = Binder.get(environment);
		Duration acquireTimeout = binder.bindOrCreate("webhook.receiver.store", WebhookReceiverProperties.Store.class)
			.getAcquireTimeout();
		if (acquireTimeout == null || acquireTimeout.isNegative() || acquireTimeout.isZero()) {
			throw new WebhookConfigurationException(
					ACQUIRE_TIMEOUT_PROPERTY + " is " + acquireTimeout + ", but it must be positive.",
					"Set it to how long a delivery may wait for a database connection, well under the senders' "
							+ "timeouts, such as 3s.");
		}
		boolean connectionTimeoutConfigured = binder.bind(CONNECTION_TIMEOUT_PROPERTY, Bindable.of(String.class))
			.isBound();
		return new HikariAcquireTimeoutBeanPostProcessor(acquireTimeout, connectionTimeoutConfigured);
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource dataSource && !this.connectionTimeoutConfigured
				&& dataSource.getConnectionTimeout() == HIKARI_DEFAULT_CONNECTION_TIMEOUT
				&& dataSource.getHikariPoolMXBean() == null) {
			apply(dataSource, beanName);
		}
		return bean;
	}

	private void apply(HikariDataSource dataSource, String beanName) {
		long timeout = this.acquireTimeout.toMillis();
		try {
			dataSource.setConnectionTimeout(timeout);
		}
		catch (IllegalArgumentException ex) {
			throw new WebhookConfigurationException(ACQUIRE_TIMEOUT_PROPERTY + " (" + this.acquireTimeout
					+ ") cannot be the connection timeout of the HikariCP DataSource '" + beanName + "': "
					+ ex.getMessage() + ".", "Set " + ACQUIRE_TIMEOUT_PROPERTY + " to a longer duration, or set "
							+ CONNECTION_TIMEOUT_PROPERTY + " to give the pool a timeout of its own.",
					ex);
		}
		if (logger.isInfoEnabled()) {
			logger.info("Set the connection timeout of the HikariCP DataSource '" + beanName + "' to " + timeout
					+ " ms (" + ACQUIRE_TIMEOUT_PROPERTY + ") instead of HikariCP's default "
					+ HIKARI_DEFAULT_CONNECTION_TIMEOUT + " ms, so that a webhook delivery that gets no connection "
					+ "is answered 503 before its sender times out. Set " + CONNECTION_TIMEOUT_PROPERTY
					+ " to choose the pool's timeout yourself");
		}
	}

}
