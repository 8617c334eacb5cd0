package dev.webhookreceiver.benchmarks.handwritten;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import org.jspecify.annotations.Nullable;

/**
 * The row the hand-written app's handler writes per {@code issues.opened} delivery: the same
 * columns as the sample app's {@code Activity}, which the starter's handler writes.
 */
@Entity
public class IssueActivity {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private @Nullable Long id;

	private String source;

	private String eventType;

	private String deliveryId;

	private String summary;

	private Instant receivedAt;

	protected IssueActivity() {
		this("", "", "", "");
	}

	public IssueActivity(String source, String eventType, String deliveryId, String summary) {
		this.source = source;
		this.eventType = eventType;
		this.deliveryId = deliveryId;
		this.summary = summary;
		this.receivedAt = Instant.now();
	}

	public @Nullable Long getId() {
		return this.id;
	}

	public String getSummary() {
		return this.summary;
	}

	public Instant getReceivedAt() {
		return this.receivedAt;
	}

}
