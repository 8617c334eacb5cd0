package dev.webhookreceiver.sample;

import java.util.Map;

import dev.webhookreceiver.WebhookEvent;
import dev.webhookreceiver.WebhookHandler;
import dev.webhookreceiver.WebhookHeader;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * The shop's webhook handlers. Each runs in one transaction with the delivery record, so the
 * {@link Activity} row it writes commits together with the "processed" mark, or not at all.
 */
@Component
class ShopWebhooks {

	private final ActivityRepository activities;

	ShopWebhooks(ActivityRepository activities) {
		this.activities = activities;
	}

	@WebhookHandler(endpoint = "github", event = "issues.opened")
	void issueOpened(IssueEvent payload, WebhookEvent event) {
		String summary = "Issue #%d opened in %s: %s".formatted(payload.issue().number(),
				payload.repository().fullName(), payload.issue().title());
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
		String summary = "Order %s for %s: %s %s".formatted(order.id(), order.customer(), order.total(),
				order.currency());
		this.activities.save(new Activity("orders", payload.type(), messageId, summary));
	}

}
