package dev.webhookreceiver.verify;

import java.time.Clock;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;

/**
 * Verifies deliveries of one kind of sender and tells what they are: the provider SPI.
 * <p>
 * A provider checks the signature over the exact bytes received and, where the sender signs
 * one, the timestamp against the endpoint's tolerance; only then does it read the delivery id
 * and event type. It never touches the database. The endpoint's secrets are those configured,
 * or those a {@link dev.webhookreceiver.WebhookSecretResolver} supplied for the request.
 * Built-in providers are named by their {@link #name()} in
 * {@code webhook.receiver.endpoints.<name>.provider}; a custom provider is a bean implementing
 * this interface, named there by its bean name.
 * <p>
 * Implementations must be thread-safe.
 */
public interface WebhookProvider {

	/**
	 * The name of this provider as used in {@code webhook.receiver.endpoints.<name>.provider}.
	 * @return the provider name
	 */
	String name();

	/**
	 * Whether this provider checks signatures. Only a provider that does not (such as
	 * {@code none}) may be configured without a secret.
	 * @return whether the provider requires a secret
	 */
	default boolean requiresSecret() {
		return true;
	}

	/**
	 * Checks an endpoint's settings at startup, so that a secret of the wrong form fails the
	 * application start instead of every delivery. The receiver has already refused missing,
	 * blank and unresolved ({@code ${...}}) secrets.
	 * @param endpoint the endpoint's settings
	 * @throws dev.webhookreceiver.WebhookConfigurationException naming the property, and how to
	 * fix it, for Spring Boot's failure report
	 */
	default void validate(WebhookEndpoint endpoint) {
	}

	/**
	 * Verifies a delivery and extracts its delivery id, event type and timestamp.
	 * @param request the request as received
	 * @param endpoint the settings of the endpoint that received it
	 * @param clock the clock to check timestamps against
	 * @return the verified delivery
	 * @throws WebhookRejectedException if the delivery is not authentic, is outside the
	 * tolerance, or lacks its delivery id; a delivery without an event type is not refused but
	 * has the empty event type, which only {@code *} handlers match
	 */
	VerifiedDelivery verify(WebhookRequest request, WebhookEndpoint endpoint, Clock clock)
			throws WebhookRejectedException;

	/**
	 * Answers a sender's handshake, for providers that have one. Called with a verified request
	 * whose body is known to be well-formed, before it is recorded: a request answered here is
	 * neither stored nor dispatched.
	 * @param request the verified request
	 * @param endpoint the settings of the endpoint that received it
	 * @param delivery what {@link #verify} found
	 * @return the answer to send, or {@code null} if the request is a delivery to process
	 */
	default @Nullable HandshakeReply handshake(WebhookRequest request, WebhookEndpoint endpoint,
			VerifiedDelivery delivery) {
		return null;
	}

	/**
	 * The media types the sender expects a handler's reply in, when the handler declares none
	 * and the request's {@code Accept} header allows them: Discord expects JSON, Twilio TwiML
	 * (XML).
	 * @return the media types, in order of preference; empty to let the application's message
	 * converters choose by the reply's type alone
	 */
	default List<MediaType> replyMediaTypes() {
		return List.of();
	}

}
