package dev.webhookreceiver.sample;

import java.util.Map;

import dev.webhookreceiver.WebhookEvent;
import dev.webhookreceiver.WebhookHandler;
import dev.webhookreceiver.WebhookHeader;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * The shop's webhook handlers. Each runs in one transaction with the delivery record, so the
 * {@link Activity} row it writes commits together with the "processed" mark, or not at all.
 * <p>
 * A verified delivery is authentic, not complete: a sender may leave out any field (a test
 * delivery, an older payload version), so the handlers read every field as optional and
 * record what they got, rather than fail and make the sender retry in vain.
 */
@Component
class ShopWebhooks {

	private final ActivityRepository activities;

	ShopWebhooks(ActivityRepository activities) {
		this.activities = activities;
	}

	@WebhookHandler(endpoint = "github", event = "issues.opened")
	void issueOpened(IssueEvent payload, WebhookEvent event) {
		IssueEvent.Issue issue = payload.issue();
		IssueEvent.Repository repository = payload.repository();
		String summary = "Issue #%s opened in %s: %s".formatted(
				orUnknown((issue != null) ? issue.number() : null),
				orUnknown((repository != null) ? repository.fullName() : null),
				orUnknown((issue != null) ? issue.title() : null));
		this.activities.save(new Activity("github", event.eventType(), event.deliveryId(), summary));
	}

	@WebhookHandler(endpoint = "github", event = "ping")
	void ping(Map<String, Object> payload, WebhookEvent event) {
		String summary = "GitHub webhook set up: " + payload.getOrDefault("zen", "");
		this.activities.save(new Activity("github", event.eventType(), event.deliveryId(), summary));
	}

	@WebhookHandler(endpoint = "stripe", event = "payment_intent.*")
	void paymentIntent(JsonNode payload, WebhookEvent event) {
		JsonNode intent = payload.at("/data/object");
		String summary = "Payment %s: %d %s".formatted(intent.path("id").asString(""), intent.path("amount").asLong(0),
				intent.path("currency").asString(""));
		this.activities.save(new Activity("stripe", event.eventType(), event.deliveryId(), summary));
	}

	@WebhookHandler(endpoint = "orders", event = { "order.created", "order.paid" })
	void order(OrderEvent payload, @WebhookHeader("webhook-id") String messageId) {
		OrderEvent.Order order = payload.data();
		String summary = (order != null) ? "Order %s for %s: %s %s".formatted(orUnknown(order.id()),
				orUnknown(order.customer()), orUnknown(order.total()), orUnknown(order.currency()))
				: "Order event without order data";
		this.activities.save(new Activity("orders", orUnknown(payload.type()), messageId, summary));
	}

	private static String orUnknown(@Nullable Object value) {
		return (value != null) ? value.toString() : "?";
	}

}
