package dev.webhookreceiver.benchmarks.handwritten;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

/**
 * A GitHub delivery that was processed, keyed by its {@code X-GitHub-Delivery} id. The id is
 * assigned, so the entity says when it is new (Spring Data JPA's reference, "Entity State
 * Detection"): {@code save} is then one insert, not a select and an insert.
 */
@Entity
public class ProcessedDelivery implements Persistable<String> {

	@Id
	private String deliveryId;

	private String eventType;

	private Instant receivedAt;

	@Transient
	private boolean isNew = true;

	protected ProcessedDelivery() {
		this("", "");
	}

	public ProcessedDelivery(String deliveryId, String eventType) {
		this.deliveryId = deliveryId;
		this.eventType = eventType;
		this.receivedAt = Instant.now();
	}

	@Override
	public String getId() {
		return this.deliveryId;
	}

	public String getEventType() {
		return this.eventType;
	}

	public Instant getReceivedAt() {
		return this.receivedAt;
	}

	@Override
	public boolean isNew() {
		return this.isNew;
	}

	@PostLoad
	@PostPersist
	void markNotNew() {
		this.isNew = false;
	}

}
