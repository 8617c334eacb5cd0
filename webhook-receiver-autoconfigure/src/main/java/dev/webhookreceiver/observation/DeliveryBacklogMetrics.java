package dev.webhookreceiver.observation;

import java.util.List;
import java.util.Locale;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.webhookreceiver.store.DeliveryBacklog;
import dev.webhookreceiver.store.DeliveryStatus;

/**
 * The gauge {@code webhook.store.pending}: how many recorded deliveries are not completed,
 * tagged {@code status} ({@code received}, {@code processing}, {@code failed}, {@code dead}).
 * All four are read from one grouped query of the {@link DeliveryBacklog}, which reuses its
 * counts for a few seconds, so that scrapes never load the database. Not registered with a
 * store that cannot count its deliveries
 * ({@link dev.webhookreceiver.store.DeliveryStore#supportsOperations()}). While the database
 * cannot be reached, the gauge reads {@code NaN}.
 */
public final class DeliveryBacklogMetrics implements MeterBinder {

	/** The name of the gauge. */
	public static final String PENDING = "webhook.store.pending";

	private static final List<DeliveryStatus> PENDING_STATUSES = List.of(DeliveryStatus.RECEIVED,
			DeliveryStatus.PROCESSING, DeliveryStatus.FAILED, DeliveryStatus.DEAD);

	private final DeliveryBacklog backlog;

	/**
	 * Creates the gauge's binder.
	 * @param backlog where the counts come from
	 */
	public DeliveryBacklogMetrics(DeliveryBacklog backlog) {
		this.backlog = backlog;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		if (!this.backlog.countable()) {
			return;
		}
		for (DeliveryStatus status : PENDING_STATUSES) {
			Gauge.builder(PENDING, this.backlog, (backlog) -> count(backlog, status))
				.description("Recorded webhook deliveries that are not completed, by status")
				.tag("status", status.name().toLowerCase(Locale.ROOT))
				.strongReference(true)
				.register(registry);
		}
	}

	private static double count(DeliveryBacklog backlog, DeliveryStatus status) {
		try {
			return backlog.counts().count(status);
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

}
