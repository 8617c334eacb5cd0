package dev.webhookreceiver.web;

import java.util.function.Supplier;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An application whose handlers answer their senders ({@link ReplyHandlers}): Discord, Slack
 * and Twilio endpoints, and two {@code hmac} endpoints that receive XML, one reading the id
 * and event type from the body with {@code xml:} expressions, one from headers. Jackson's XML
 * module is on the classpath, so Spring Boot configures its {@code XmlMapper}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(ReplyHandlers.class)
class ReplyTestApplication {

	static final String SLACK_SECRET = "test-only-slack-signing-secret-0123456789";

	static final String TWILIO_TOKEN = "test-only-twilio-auth-token";

	static final String XML_SECRET = "test-only-xml-secret";

	/** Imports the settings of the receiver's test application, without its handlers. */
	static final String IMPORT = "spring.config.import=classpath:receiver-test.properties";

	/**
	 * The endpoints of this application, for a {@code @DynamicPropertySource} that also sets
	 * the Discord endpoint's public key ({@link #register}).
	 */
	static final String[] PROPERTIES = { "spring.datasource.generate-unique-name=true",
			"webhook.receiver.endpoints.discord.provider=discord",
			"webhook.receiver.endpoints.slack.provider=slack",
			"webhook.receiver.endpoints.slack.secret=" + SLACK_SECRET,
			"webhook.receiver.endpoints.twilio.provider=twilio",
			"webhook.receiver.endpoints.twilio.secret=" + TWILIO_TOKEN,
			"webhook.receiver.endpoints.invoices.provider=hmac",
			"webhook.receiver.endpoints.invoices.secret=" + XML_SECRET,
			"webhook.receiver.endpoints.invoices.signature.header=X-Signature",
			"webhook.receiver.endpoints.invoices.delivery-id=xml:/id",
			"webhook.receiver.endpoints.invoices.event-type=xml:/type",
			"webhook.receiver.endpoints.notes.provider=hmac",
			"webhook.receiver.endpoints.notes.secret=" + XML_SECRET,
			"webhook.receiver.endpoints.notes.signature.header=X-Signature",
			"webhook.receiver.endpoints.notes.delivery-id=header:X-Id",
			"webhook.receiver.endpoints.notes.event-type=header:X-Event" };

	/**
	 * Registers the endpoints of this application.
	 * @param registry the registry of a {@code @DynamicPropertySource}
	 * @param discordPublicKey the hex public key of the Discord endpoint
	 */
	static void register(DynamicPropertyRegistry registry, Supplier<Object> discordPublicKey) {
		for (String property : PROPERTIES) {
			int equals = property.indexOf('=');
			registry.add(property.substring(0, equals), () -> property.substring(equals + 1));
		}
		registry.add("webhook.receiver.endpoints.discord.secret", discordPublicKey);
	}

}
