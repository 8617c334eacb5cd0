package dev.webhookreceiver.test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import dev.webhookreceiver.test.SigningScheme.UnsignedDelivery;
import dev.webhookreceiver.test.SigningScheme.Value;

/**
 * Signs deliveries as one provider does; made by {@link WebhookSigners}. Every value has a
 * default: a fresh delivery id, now as the timestamp, a typical event type and a body that
 * carries them where the provider reads them from the body. Each method returns a new signer,
 * so one signer can be the base of several deliveries:
 * <pre class="code">
 * WebhookSigner stripe = WebhookSigners.stripe("whsec_...");
 * SignedDelivery valid = stripe.sign();
 * SignedDelivery wrongSecret = stripe.secret("whsec_other").sign();
 * SignedDelivery old = stripe.timestamp(Instant.now().minus(Duration.ofHours(1))).sign();
 * SignedDelivery tampered = valid.withBody("{}");
 * </pre>
 * When a body is given, the values that the provider reads from the body (Stripe's event type
 * and id, for example) are the body's: giving them too is refused, rather than silently
 * ignored.
 */
public final class WebhookSigner {

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final SigningScheme scheme;

	private @Nullable String secret;

	private @Nullable String event;

	private @Nullable String deliveryId;

	private @Nullable Instant timestamp;

	private byte @Nullable [] body;

	private @Nullable MediaType contentType;

	private List<Map.Entry<String, String>> formParameters = List.of();

	private List<Map.Entry<String, String>> headers = List.of();

	private @Nullable String url;

	WebhookSigner(SigningScheme scheme, @Nullable String secret, @Nullable String url) {
		this.scheme = scheme;
		this.secret = secret;
		this.url = url;
	}

	private WebhookSigner(WebhookSigner signer) {
		this.scheme = signer.scheme;
		this.secret = signer.secret;
		this.event = signer.event;
		this.deliveryId = signer.deliveryId;
		this.timestamp = signer.timestamp;
		this.body = signer.body;
		this.contentType = signer.contentType;
		this.formParameters = signer.formParameters;
		this.headers = signer.headers;
		this.url = signer.url;
	}

	private WebhookSigner with(Consumer<WebhookSigner> change) {
		WebhookSigner copy = new WebhookSigner(this);
		change.accept(copy);
		return copy;
	}

	/**
	 * Signs with another secret than the endpoint's, for a delivery the receiver must refuse.
	 * @param secret the secret (for Standard Webhooks, a {@code whsec_} secret or a
	 * {@code whsk_} signing key)
	 * @return a new signer
	 */
	public WebhookSigner secret(String secret) {
		if (this.secret == null) {
			throw new IllegalStateException(this.scheme.provider() + " signs with a private key, not a secret: "
					+ "sign with another key through WebhookSigners");
		}
		return with((signer) -> signer.secret = secret);
	}

	/**
	 * Sets the event type, as the provider sends it ({@code issues} for GitHub, whose receiver
	 * adds the body's {@code action}).
	 * @param event the event type
	 * @return a new signer
	 */
	public WebhookSigner event(String event) {
		return with((signer) -> signer.event = event);
	}

	/**
	 * Sets the delivery id.
	 * @param deliveryId the delivery id
	 * @return a new signer
	 */
	public WebhookSigner deliveryId(String deliveryId) {
		return with((signer) -> signer.deliveryId = deliveryId);
	}

	/**
	 * Sets the signed timestamp, for example one older than the receiver's tolerance.
	 * @param timestamp the timestamp
	 * @return a new signer
	 */
	public WebhookSigner timestamp(Instant timestamp) {
		return with((signer) -> signer.timestamp = timestamp);
	}

	/**
	 * Sets the body; its content type is JSON unless {@link #contentType(MediaType)} says
	 * otherwise.
	 * @param body the body, signed as UTF-8
	 * @return a new signer
	 */
	public WebhookSigner body(String body) {
		return body(body.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Sets the body; its content type is JSON unless {@link #contentType(MediaType)} says
	 * otherwise.
	 * @param body the body bytes, signed as they are
	 * @return a new signer
	 */
	public WebhookSigner body(byte[] body) {
		byte[] copy = body.clone();
		return with((signer) -> {
			signer.body = copy;
			signer.formParameters = List.of();
		});
	}

	/**
	 * Sets the body to an object written as JSON (a {@code Map}, a record, ...).
	 * @param body the object
	 * @return a new signer
	 */
	public WebhookSigner body(Object body) {
		return body(jsonMapper.writeValueAsBytes(body));
	}

	/**
	 * Adds a form parameter: the body becomes {@code application/x-www-form-urlencoded}, as
	 * Twilio sends it (and Slack its slash commands and interactions).
	 * @param name the parameter name
	 * @param value the value
	 * @return a new signer
	 */
	public WebhookSigner formParameter(String name, String value) {
		List<Map.Entry<String, String>> parameters = new ArrayList<>(this.formParameters);
		parameters.add(Map.entry(name, value));
		return with((signer) -> {
			signer.formParameters = List.copyOf(parameters);
			signer.body = null;
		});
	}

	/**
	 * Sets the content type of the body.
	 * @param contentType the content type
	 * @return a new signer
	 */
	public WebhookSigner contentType(MediaType contentType) {
		return with((signer) -> signer.contentType = contentType);
	}

	/**
	 * Adds a header to send; it replaces a header of the same name that the provider sends.
	 * @param name the header name
	 * @param value the value
	 * @return a new signer
	 */
	public WebhookSigner header(String name, String value) {
		List<Map.Entry<String, String>> headers = new ArrayList<>(this.headers);
		headers.add(Map.entry(name, value));
		return with((signer) -> signer.headers = List.copyOf(headers));
	}

	/**
	 * Sets the URL to sign, for providers that sign it (Twilio, Square): the URL as the
	 * sender requests it.
	 * @param url the URL
	 * @return a new signer
	 */
	public WebhookSigner url(String url) {
		return with((signer) -> signer.url = url);
	}

	/**
	 * Signs the delivery.
	 * @return the signed delivery
	 * @throws IllegalStateException if a value was given that the provider does not send, or
	 * that the given body fixes
	 */
	public SignedDelivery sign() {
		boolean bodyGiven = this.body != null || !this.formParameters.isEmpty();
		checkGiven(Value.EVENT, this.event != null, bodyGiven);
		checkGiven(Value.DELIVERY_ID, this.deliveryId != null, bodyGiven);
		checkGiven(Value.TIMESTAMP, this.timestamp != null, bodyGiven);
		String event = (this.event != null) ? this.event : this.scheme.defaultEvent();
		String deliveryId = (this.deliveryId != null) ? this.deliveryId : this.scheme.newDeliveryId();
		Instant timestamp = (this.timestamp != null) ? this.timestamp : Instant.now();
		byte[] body;
		MediaType contentType;
		if (!this.formParameters.isEmpty()) {
			body = formBody(this.formParameters);
			contentType = MediaType.APPLICATION_FORM_URLENCODED;
		}
		else if (this.body != null) {
			body = this.body;
			contentType = MediaType.APPLICATION_JSON;
		}
		else {
			body = this.scheme.defaultBody(event, deliveryId, timestamp);
			contentType = this.scheme.defaultContentType();
		}
		if (this.contentType != null) {
			contentType = this.contentType;
		}
		HttpHeaders headers = new HttpHeaders();
		String url = this.scheme.sign(
				new UnsignedDelivery(this.secret, event, deliveryId, timestamp, body, contentType, this.url), headers);
		headers.setContentType(contentType);
		this.headers.forEach((header) -> headers.remove(header.getKey()));
		this.headers.forEach((header) -> headers.add(header.getKey(), header.getValue()));
		return new SignedDelivery(headers, body, url);
	}

	private void checkGiven(Value value, boolean given, boolean bodyGiven) {
		if (!given) {
			return;
		}
		if (this.scheme.unsent().contains(value)) {
			throw new IllegalStateException(this.scheme.provider() + " sends no " + value.description());
		}
		if (bodyGiven && this.scheme.inBody().contains(value)) {
			throw new IllegalStateException(this.scheme.provider() + " sends the " + value.description()
					+ " in the body: put it in the body you give, rather than giving both");
		}
	}

	/**
	 * A form body as Twilio encodes it: {@code name=value} pairs joined by {@code &}, spaces as
	 * {@code +}, upper-case percent-escapes.
	 */
	static byte[] formBody(List<Map.Entry<String, String>> parameters) {
		StringBuilder form = new StringBuilder();
		for (Map.Entry<String, String> parameter : parameters) {
			if (!form.isEmpty()) {
				form.append('&');
			}
			form.append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
				.append('=')
				.append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
		}
		return form.toString().getBytes(StandardCharsets.UTF_8);
	}

	static Set<Value> values(Value... values) {
		return (values.length != 0) ? EnumSet.of(values[0], values) : EnumSet.noneOf(Value.class);
	}

}
