package dev.webhookreceiver.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webhookreceiver.test.Ed25519Keys;
import dev.webhookreceiver.test.HmacSettings;
import dev.webhookreceiver.test.SignedDelivery;
import dev.webhookreceiver.test.WebhookSigners;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Handlers answer their senders over real HTTP: a Discord interaction round trip, a Slack
 * slash command answered with JSON, Twilio answered with TwiML; a {@code ResponseEntity} is
 * sent as it is; a copy of a replied delivery runs nothing and is answered {@code duplicate}; an
 * XML body binds, and one with a DTD is refused, over real HTTP too.
 */
@SpringBootTest(classes = ReplyTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = ReplyTestApplication.IMPORT)
class RepliesOverHttpTests {

	private static final KeyPair DISCORD_KEYS = Ed25519Keys.generate();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private ReplyHandlers handlers;

	@Autowired
	private JdbcTemplate jdbc;

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		ReplyTestApplication.register(registry, () -> Ed25519Keys.publicKeyHex(DISCORD_KEYS));
	}

	@BeforeEach
	void clean() {
		this.handlers.calls.clear();
		this.jdbc.update("delete from webhook_delivery");
	}

	@Test
	void answersADiscordPingItselfAndAnApplicationCommandWithTheHandlersInteractionResponse() throws Exception {
		HttpResponse<String> pong = send("/webhooks/discord",
				WebhookSigners.discord(DISCORD_KEYS.getPrivate()).event("1").sign());
		assertThat(pong.statusCode()).isEqualTo(200);
		assertThat(pong.body()).isEqualTo("{\"type\":1}");
		assertThat(this.handlers.calls).isEmpty();
		SignedDelivery command = WebhookSigners.discord(DISCORD_KEYS.getPrivate()).deliveryId("1234").sign();
		HttpResponse<String> reply = send("/webhooks/discord", command);
		assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
		assertThat(contentType(reply).isCompatibleWith(MediaType.APPLICATION_JSON)).isTrue();
		assertThat(reply.body()).isEqualTo("{\"type\":4,\"data\":{\"content\":\"Pong from /test\"}}");
		assertThat(this.handlers.calls).containsExactly("discord /test");
		assertThat(status("discord", "1234")).isEqualTo("PROCESSED");
	}

	@Test
	void answersASlackSlashCommandWithJsonAndItsCopyAsADuplicateWithoutRunningTheHandlerAgain() throws Exception {
		SignedDelivery command = WebhookSigners.slack(ReplyTestApplication.SLACK_SECRET)
			.formParameter("command", "/weather")
			.formParameter("text", "Oslo")
			.formParameter("trigger_id", "13345224609.738474920.8088930838d88f008e0")
			.formParameter("response_url", "https://hooks.slack.com/commands/1234/5678")
			.sign();
		HttpResponse<String> reply = send("/webhooks/slack", command);
		assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
		assertThat(contentType(reply).isCompatibleWith(MediaType.APPLICATION_JSON)).isTrue();
		assertThat(reply.body()).contains("\"response_type\":\"in_channel\"").contains("\"text\":\"Sunny in Oslo\"");
		HttpResponse<String> copy = send("/webhooks/slack", command);
		assertThat(copy.statusCode()).isEqualTo(200);
		assertThat(copy.body()).contains("\"status\":\"duplicate\"");
		assertThat(this.handlers.calls).containsExactly("slack /weather Oslo");
	}

	@Test
	void sendsAResponseEntityAsItIs() throws Exception {
		HttpResponse<String> reply = send("/webhooks/slack", WebhookSigners.slack(ReplyTestApplication.SLACK_SECRET)
			.formParameter("command", "/status")
			.formParameter("trigger_id", "t-status")
			.sign());
		assertThat(reply.statusCode()).isEqualTo(202);
		assertThat(reply.headers().firstValue("X-Reply")).hasValue("as-is");
		assertThat(contentType(reply).isCompatibleWith(MediaType.TEXT_PLAIN)).isTrue();
		assertThat(reply.body()).isEqualTo("all good");
	}

	@Test
	void answersTheUsualStatusWhenTheHandlerReturnsNull() throws Exception {
		HttpResponse<String> reply = send("/webhooks/slack", WebhookSigners.slack(ReplyTestApplication.SLACK_SECRET)
			.formParameter("command", "/quiet")
			.formParameter("trigger_id", "t-quiet")
			.sign());
		assertThat(reply.statusCode()).isEqualTo(200);
		assertThat(reply.body()).contains("\"status\":\"processed\"");
		assertThat(this.handlers.calls).containsExactly("slack /quiet");
	}

	@Test
	void answersTwilioWithTheHandlersTwiml() throws Exception {
		SignedDelivery message = WebhookSigners.twilio(ReplyTestApplication.TWILIO_TOKEN, uri("/webhooks/twilio"))
			.deliveryId("idem-1")
			.formParameter("MessageSid", "SM0123456789abcdef0123456789abcdef")
			.formParameter("From", "+15005550006")
			.formParameter("Body", "hello")
			.formParameter("SmsStatus", "received")
			.sign();
		HttpResponse<String> reply = send("/webhooks/twilio", message);
		assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
		assertThat(contentType(reply).isCompatibleWith(MediaType.TEXT_XML)).isTrue();
		assertThat(reply.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>You said: "
				+ "hello</Message></Response>");
		assertThat(status("twilio", "idem-1")).isEqualTo("PROCESSED");
	}

	@Test
	void bindsAnXmlInvoiceOverHttpAndRefusesOneWithADoctype() throws Exception {
		String invoice = "<?xml version=\"1.0\"?><invoice><id>inv-http</id><type>invoice.paid</type>"
				+ "<amount>250</amount><customer><name>Ada</name></customer></invoice>";
		HttpResponse<String> answer = send("/webhooks/invoices", invoice(invoice));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(this.handlers.calls).contains("invoice inv-http 250 Ada");
		assertThat(status("invoices", "inv-http")).isEqualTo("PROCESSED");
		this.handlers.calls.clear();
		HttpResponse<String> refused = send("/webhooks/invoices",
				invoice("<!DOCTYPE invoice [<!ENTITY x \"y\">]><invoice><id>inv-dtd</id><type>&x;</type></invoice>"));
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("urn:webhook-receiver:problem:malformed");
		assertThat(this.handlers.calls).isEmpty();
		assertThat(this.jdbc.queryForObject("select count(*) from webhook_delivery where delivery_id = 'inv-dtd'",
				Integer.class)).isZero();
	}

	private static SignedDelivery invoice(String xml) {
		return WebhookSigners.hmac(HmacSettings.of(ReplyTestApplication.XML_SECRET, "X-Signature"))
			.body(xml)
			.contentType(MediaType.APPLICATION_XML)
			.sign();
	}

	private HttpResponse<String> send(String path, SignedDelivery delivery) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri(path)))
			.POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
		delivery.headers().forEach((name, values) -> values.forEach((value) -> request.header(name, value)));
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String uri(String path) {
		return "http://localhost:" + this.port + path;
	}

	private static MediaType contentType(HttpResponse<String> response) {
		return MediaType.parseMediaType(response.headers().firstValue("Content-Type").orElseThrow());
	}

	private String status(String endpoint, String deliveryId) {
		return this.jdbc.queryForObject("select status from webhook_delivery where endpoint = ? and delivery_id = ?",
				String.class, endpoint, deliveryId);
	}

}
