package dev.webhookreceiver.web;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webhookreceiver.test.Ed25519Keys;
import dev.webhookreceiver.test.HmacSettings;
import dev.webhookreceiver.test.SignedDelivery;
import dev.webhookreceiver.test.WebhookRequests;
import dev.webhookreceiver.test.WebhookSigners;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * XML bodies with Jackson's XML module present: they bind to records, {@code JsonNode} and
 * {@code Map}, {@code xml:} expressions read their id and event type, and an authentic body
 * that is not well-formed or declares a DTD is a 400 that records nothing, calls no handler,
 * and reads no file or URL an entity names.
 */
@SpringBootTest(classes = ReplyTestApplication.class, properties = ReplyTestApplication.IMPORT)
@AutoConfigureMockMvc
class XmlPayloadsTests {

	private static final String INVOICE = """
			<?xml version="1.0" encoding="UTF-8"?>
			<invoice><id>inv-1</id><type>invoice.paid</type><amount>250</amount>\
			<customer><name>Ada</name></customer></invoice>""";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private ReplyHandlers handlers;

	@Autowired
	private JdbcTemplate jdbc;

	@TempDir
	private Path temp;

	private HttpServer entityServer;

	private final AtomicInteger entityRequests = new AtomicInteger();

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		ReplyTestApplication.register(registry, () -> Ed25519Keys.publicKeyHex(Ed25519Keys.generate()));
	}

	@BeforeEach
	void start() throws IOException {
		this.handlers.calls.clear();
		this.jdbc.update("delete from webhook_delivery");
		this.entityServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.entityServer.createContext("/", (exchange) -> {
			this.entityRequests.incrementAndGet();
			byte[] secret = "entity-from-the-network".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, secret.length);
			exchange.getResponseBody().write(secret);
			exchange.close();
		});
		this.entityServer.start();
	}

	@AfterEach
	void stop() {
		this.entityServer.stop(0);
	}

	@Test
	void bindsAnXmlBodyToARecordAndAJsonNodeWithIdAndEventTypeFromXmlExpressions() throws Exception {
		this.mvc.perform(WebhookRequests.post("/webhooks/invoices", invoice(INVOICE)))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_XML))
			.andExpect(content().string(containsString("<invoice>inv-1</invoice><message>thanks</message>")));
		assertThat(this.handlers.calls).containsExactlyInAnyOrder("invoice inv-1 250 Ada",
				"invoice tree invoice.paid");
		assertThat(this.jdbc.queryForObject(
				"select event_type from webhook_delivery where endpoint = 'invoices' and delivery_id = 'inv-1'",
				String.class))
			.isEqualTo("invoice.paid");
	}

	@Test
	void bindsAnXmlBodyToAMapWithTheIdAndEventTypeFromHeaders() throws Exception {
		this.mvc.perform(WebhookRequests.post("/webhooks/notes", note("n-1", "<note><text>hello</text></note>")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("processed"));
		assertThat(this.handlers.calls).containsExactly("note note.created hello");
	}

	@Test
	void refusesAnAuthenticBodyThatIsNotWellFormedXmlWithoutRecordingOrHandlingIt() throws Exception {
		expectRefused(this.mvc.perform(WebhookRequests.post("/webhooks/notes", note("n-2", "<note><text>hi</note>")))
			.andReturn(), "The body is not well-formed XML");
		expectRefused(this.mvc.perform(WebhookRequests.post("/webhooks/notes", note("n-3", "<note/><trailing/>")))
			.andReturn(), "The body is not well-formed XML");
		expectRefused(this.mvc
			.perform(WebhookRequests.post("/webhooks/invoices", invoice(INVOICE.replace("</invoice>", ""))))
			.andReturn(), "The body is not well-formed XML");
	}

	@Test
	void refusesADoctypeWhoseEntitiesNameAFileAndAUrlWithoutReadingEither() throws Exception {
		Path secret = Files.writeString(this.temp.resolve("secret.txt"), "top-secret-file-content");
		String doctype = "<!DOCTYPE %s [<!ENTITY file SYSTEM \"" + secret.toUri() + "\">"
				+ "<!ENTITY net SYSTEM \"http://127.0.0.1:" + this.entityServer.getAddress().getPort() + "/x\">]>";
		String invoice = "<?xml version=\"1.0\"?>" + doctype.formatted("invoice")
				+ "<invoice><id>inv-x</id><type>&file;</type><amount>&net;</amount></invoice>";
		String note = doctype.formatted("note") + "<note><text>&file;&net;</text></note>";
		for (MvcResult result : new MvcResult[] {
				this.mvc.perform(WebhookRequests.post("/webhooks/invoices", invoice(invoice))).andReturn(),
				this.mvc.perform(WebhookRequests.post("/webhooks/notes", note("n-4", note))).andReturn() }) {
			expectRefused(result, "The XML body has a document type declaration (<!DOCTYPE ...>); DTDs and "
					+ "entities are not accepted");
			assertThat(result.getResponse().getContentAsString()).doesNotContain("top-secret")
				.doesNotContain("entity-from-the-network");
		}
		assertThat(this.entityRequests).hasValue(0);
	}

	@Test
	void refusesADoctypeEvenWithoutEntities() throws Exception {
		expectRefused(this.mvc
			.perform(WebhookRequests.post("/webhooks/notes", note("n-5", "<!DOCTYPE note><note><text>x</text></note>")))
			.andReturn(), "The XML body has a document type declaration (<!DOCTYPE ...>); DTDs and entities are "
					+ "not accepted");
	}

	@Test
	void refusesAnXmlBodyWithoutTheIdItsExpressionNames() throws Exception {
		expectRefused(this.mvc
			.perform(WebhookRequests.post("/webhooks/invoices", invoice(INVOICE.replace("<id>inv-1</id>", ""))))
			.andReturn(), "The delivery has no delivery id: the XML body has no text at /id");
	}

	private void expectRefused(MvcResult result, String detail) throws Exception {
		assertThat(result.getResponse().getStatus()).isEqualTo(400);
		assertThat(result.getResponse().getContentAsString()).contains("urn:webhook-receiver:problem:malformed")
			.contains(detail.replace("\"", "\\\""));
		assertThat(this.jdbc.queryForObject("select count(*) from webhook_delivery", Integer.class)).isZero();
		assertThat(this.handlers.calls).isEmpty();
	}

	private static SignedDelivery invoice(String xml) {
		return WebhookSigners.hmac(HmacSettings.of(ReplyTestApplication.XML_SECRET, "X-Signature"))
			.body(xml)
			.contentType(MediaType.APPLICATION_XML)
			.sign();
	}

	private static SignedDelivery note(String id, String xml) {
		return WebhookSigners
			.hmac(HmacSettings.of(ReplyTestApplication.XML_SECRET, "X-Signature")
				.withDeliveryIdHeader("X-Id")
				.withEventTypeHeader("X-Event"))
			.event("note.created")
			.deliveryId(id)
			.body(xml)
			.contentType(MediaType.TEXT_XML)
			.sign();
	}

}
