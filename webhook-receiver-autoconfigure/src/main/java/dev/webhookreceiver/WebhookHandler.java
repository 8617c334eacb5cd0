package dev.webhookreceiver;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Marks a method as a handler of verified webhook deliveries.
 * <p>
 * The method is called once per delivery whose endpoint and event type match. Event patterns:
 * {@code a} matches {@code a} and every {@code a.<anything>}; {@code a.*} matches only the
 * sub-events of {@code a}; {@code *} matches everything. Parameters are resolved by type: one
 * payload parameter bound from the body (a record, POJO, {@code JsonNode}, {@code Map},
 * {@code String} or {@code byte[]}), {@link WebhookEvent}, and {@link WebhookHeader} parameters.
 * Several handlers may match one delivery; they run in {@link org.springframework.core.annotation.Order @Order}.
 * <p>
 * A handler of a sync endpoint may return a value, which becomes the body of the answer to the
 * sender (a Discord interaction response, a Slack message, Twilio's TwiML): a
 * {@link org.springframework.http.ResponseEntity ResponseEntity} is sent as it is, any other
 * value is written by the application's message converters, in a media type of
 * {@link #produces()} if it declares any. At most one handler that returns a value may match a
 * delivery, and none may listen to an async endpoint: either fails startup.
 * <p>
 * May be used as a meta-annotation to compose annotations of your own.
 *
 * @see WebhookEvent
 * @see WebhookHeader
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WebhookHandler {

	/**
	 * Alias for {@link #event()}.
	 * @return the event type patterns
	 */
	@AliasFor("event")
	String[] value() default {};

	/**
	 * The event type patterns this handler subscribes to. Empty means every event.
	 * @return the event type patterns
	 */
	@AliasFor("value")
	String[] event() default {};

	/**
	 * The name of the configured endpoint ({@code webhook.receiver.endpoints.<name>}) this handler
	 * listens to. Empty means every endpoint.
	 * @return the endpoint name
	 */
	String endpoint() default "";

	/**
	 * The media types the handler's return value may be written in, such as
	 * {@code application/xml}, chosen with the request's {@code Accept} header as Spring MVC's
	 * {@code produces} is. Empty means what the endpoint's provider expects (Discord: JSON;
	 * Twilio: XML), else any. Only for handlers that return a value.
	 * @return the media types of the reply
	 */
	String[] produces() default {};

}
