package dev.webhookreceiver.store;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.junit.jupiter.api.Test;

import dev.webhookreceiver.autoconfigure.WebhookDeliveryStoreAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the mapping of {@link WebhookDelivery}: what the persistence context keeps of a
 * record besides the entity itself. Hibernate snapshots the state of updatable attributes for
 * dirty checking, copying a {@code byte[]}; the payload is mapped {@code updatable = false}, so
 * a body is not held twice while its transaction lasts.
 */
class WebhookDeliveryMappingTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class,
				WebhookDeliveryStoreAutoConfiguration.class))
		.withPropertyValues("spring.datasource.generate-unique-name=true", "spring.jpa.hibernate.ddl-auto=validate");

	@Test
	void persistingARecordKeepsNoSecondCopyOfThePayloadForDirtyChecking() {
		this.contextRunner.run((context) -> {
			EntityManager entityManager = context.getBean(EntityManagerFactory.class).createEntityManager();
			try {
				entityManager.getTransaction().begin();
				byte[] payload = new byte[64 * 1024];
				WebhookDelivery delivery = new WebhookDelivery(new NewDelivery("github",
						UUID.randomUUID().toString(), "issues.opened", payload, Map.of()), Instant.now(),
						Instant.now());
				entityManager.persist(delivery);
				entityManager.flush();
				assertThat(snapshotOfPayload(entityManager, delivery)).isSameAs(payload);
				entityManager.getTransaction().commit();
			}
			finally {
				entityManager.close();
			}
		});
	}

	@Test
	void loadingARecordKeepsNoSecondCopyOfThePayloadForDirtyChecking() {
		this.contextRunner.run((context) -> {
			EntityManagerFactory entityManagerFactory = context.getBean(EntityManagerFactory.class);
			EntityManager writer = entityManagerFactory.createEntityManager();
			WebhookDelivery written = new WebhookDelivery(new NewDelivery("github", UUID.randomUUID().toString(),
					"issues.opened", new byte[64 * 1024], Map.of()), Instant.now(), Instant.now());
			try {
				writer.getTransaction().begin();
				writer.persist(written);
				writer.getTransaction().commit();
			}
			finally {
				writer.close();
			}
			EntityManager reader = entityManagerFactory.createEntityManager();
			try {
				WebhookDelivery loaded = reader.find(WebhookDelivery.class, written.getId());
				assertThat(loaded.getPayload()).hasSize(64 * 1024);
				assertThat(snapshotOfPayload(reader, loaded)).isSameAs(loaded.getPayload());
			}
			finally {
				reader.close();
			}
		});
	}

	private static Object snapshotOfPayload(EntityManager entityManager, WebhookDelivery delivery) {
		SharedSessionContractImplementor session = entityManager.unwrap(SharedSessionContractImplementor.class);
		EntityEntry entry = session.getPersistenceContextInternal().getEntry(delivery);
		int payload = entry.getPersister().getPropertyIndex("payload");
		return entry.getLoadedState()[payload];
	}

}
