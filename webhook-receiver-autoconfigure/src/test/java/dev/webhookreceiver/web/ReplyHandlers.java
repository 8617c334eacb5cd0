package dev.webhookreceiver.web;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import tools.jackson.databind.JsonNode;

import dev.webhookreceiver.WebhookEvent;
import dev.webhookreceiver.WebhookHandler;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Handlers that answer the sender, as Discord interactions, Slack slash commands and Twilio
 * messages expect, and handlers of XML deliveries; each records its calls.
 */
class ReplyHandlers {

	final List<String> calls = new CopyOnWriteArrayList<>();

	@WebhookHandler(endpoint = "discord", event = "2")
	InteractionResponse command(JsonNode interaction) {
		String name = interaction.get("data").get("name").asString();
		this.calls.add("discord /" + name);
		return new InteractionResponse(4, new InteractionResponse.Data("Pong from /" + name));
	}

	@WebhookHandler(endpoint = "slack", event = "/weather")
	Map<String, String> weather(Map<String, String> command) {
		this.calls.add("slack " + command.get("command") + " " + command.get("text"));
		return Map.of("response_type", "in_channel", "text", "Sunny in " + command.get("text"));
	}

	@WebhookHandler(endpoint = "slack", event = "/status")
	ResponseEntity<String> status() {
		this.calls.add("slack /status");
		return ResponseEntity.accepted().header("X-Reply", "as-is").contentType(MediaType.TEXT_PLAIN).body("all good");
	}

	@WebhookHandler(endpoint = "slack", event = "/quiet")
	Map<String, String> quiet() {
		this.calls.add("slack /quiet");
		return null;
	}

	@WebhookHandler(endpoint = "twilio", event = "received")
	String message(Map<String, String> message) {
		this.calls.add("twilio " + message.get("Body"));
		return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>You said: " + message.get("Body")
				+ "</Message></Response>";
	}

	@WebhookHandler(endpoint = "invoices", event = "invoice.paid", produces = "application/xml")
	Receipt invoicePaid(Invoice invoice, WebhookEvent event) {
		this.calls.add("invoice " + event.deliveryId() + " " + invoice.amount() + " " + invoice.customer().name());
		return new Receipt(event.deliveryId(), "thanks");
	}

	@WebhookHandler(endpoint = "invoices")
	void anyInvoice(JsonNode invoice) {
		this.calls.add("invoice tree " + invoice.get("type").asString());
	}

	@WebhookHandler(endpoint = "notes")
	void note(Map<String, Object> note, WebhookEvent event) {
		this.calls.add("note " + event.eventType() + " " + note.get("text"));
	}

	/**
	 * Discord's interaction response.
	 *
	 * @param type {@code 4}: a message in the channel
	 * @param data the message
	 */
	record InteractionResponse(int type, Data data) {

		record Data(String content) {
		}

	}

	record Invoice(String id, String type, long amount, Customer customer) {

		record Customer(String name) {
		}

	}

	record Receipt(String invoice, String message) {
	}

}
