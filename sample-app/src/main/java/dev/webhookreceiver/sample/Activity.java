package dev.webhookreceiver.sample;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import org.jspecify.annotations.Nullable;

/**
 * Something the shop did because of a webhook delivery: one row of the shop's own table,
 * written by a handler in the same transaction as the delivery record.
 */
@Entity
public class Activity {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private @Nullable Long id;

	private String source;

	private String eventType;

	private String deliveryId;

	private String summary;

	private Instant receivedAt;

	protected Activity() {
		this("", "", "", "");
	}

	public Activity(String source, String eventType, String deliveryId, String summary) {
		this.source = source;
		this.eventType = eventType;
		this.deliveryId = deliveryId;
		this.summary = summary;
		this.receivedAt = Instant.now();
	}

	public @Nullable Long getId() {
		return this.id;
	}

	public String getSource() {
		return this.source;
	}

	public String getEventType() {
		return this.eventType;
	}

	public String getDeliveryId() {
		return this.deliveryId;
	}

	public String getSummary() {
		return this.summary;
	}

	public Instant getReceivedAt() {
		return this.receivedAt;
	}

}
