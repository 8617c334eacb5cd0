package dev.webhookreceiver.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.webhookreceiver.WebhookConfigurationException;
import dev.webhookreceiver.autoconfigure.WebhookReceiverProperties.Endpoint;
import dev.webhookreceiver.autoconfigure.WebhookReceiverProperties.Signature;
import dev.webhookreceiver.store.WebhookDelivery;
import dev.webhookreceiver.verify.NoneProvider;
import dev.webhookreceiver.verify.WebhookEndpoint;
import dev.webhookreceiver.verify.WebhookEndpoint.SignatureSettings;
import dev.webhookreceiver.verify.WebhookProvider;
import dev.webhookreceiver.web.ReceivingEndpoint;
import dev.webhookreceiver.web.WebhookEndpoints;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.log.LogMessage;
import org.springframework.util.StringUtils;

/**
 * Turns {@code webhook.receiver.endpoints} into {@link WebhookEndpoints}, failing the startup
 * with a message that names the property and says how to fix it.
 */
final class WebhookEndpointsFactory {

	private static final Log logger = LogFactory.getLog(WebhookEndpointsFactory.class);

	private static final String PREFIX = "webhook.receiver";

	private static final Pattern LITERAL_PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

	private final WebhookReceiverProperties properties;

	private final Map<String, WebhookProvider> builtInProviders;

	private final ListableBeanFactory beanFactory;

	WebhookEndpointsFactory(WebhookReceiverProperties properties, List<WebhookProvider> builtInProviders,
			ListableBeanFactory beanFactory) {
		this.properties = properties;
		this.builtInProviders = builtInProviders.stream()
			.collect(Collectors.toMap(WebhookProvider::name, Function.identity()));
		this.beanFactory = beanFactory;
	}

	WebhookEndpoints create() {
		checkMaxPayloadSize();
		checkPath(PREFIX + ".base-path", this.properties.getBasePath());
		List<ReceivingEndpoint> endpoints = new ArrayList<>();
		this.properties.getEndpoints().forEach((name, endpoint) -> endpoints.add(create(name, endpoint)));
		return new WebhookEndpoints(endpoints);
	}

	private ReceivingEndpoint create(String name, Endpoint endpoint) {
		String prefix = PREFIX + ".endpoints." + name;
		if (name.length() > WebhookDelivery.MAX_ENDPOINT_LENGTH) {
			throw new WebhookConfigurationException("The webhook endpoint name in " + prefix + " is "
					+ name.length() + " characters long; endpoint names are recorded with each delivery and must "
					+ "not be longer than " + WebhookDelivery.MAX_ENDPOINT_LENGTH + " characters.",
					"Choose a shorter name for the endpoint.");
		}
		WebhookProvider provider = provider(prefix, endpoint.getProvider());
		String path = (endpoint.getPath() != null) ? endpoint.getPath() : this.properties.getBasePath() + "/" + name;
		checkPath(prefix + ((endpoint.getPath() != null) ? ".path" : " (the endpoint name in the default path)"), path);
		List<String> secrets = ConfiguredSecrets.of(prefix, endpoint);
		if (secrets.isEmpty() && provider.requiresSecret()) {
			String variable = name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_WEBHOOK_SECRET";
			throw new WebhookConfigurationException(prefix + ".secret is not set (or is empty), so deliveries to "
					+ "webhook endpoint '" + name + "' cannot be verified.",
					"Set the signing secret that the sender shows for this endpoint, for example 'secret: ${"
							+ variable + "}' with the environment variable " + variable + " set, or list several "
							+ "under " + prefix + ".secrets during a rotation.");
		}
		Duration tolerance = (endpoint.getTolerance() != null) ? endpoint.getTolerance()
				: this.properties.getTolerance();
		if (tolerance.isNegative()) {
			throw new WebhookConfigurationException(
					((endpoint.getTolerance() != null) ? prefix : PREFIX) + ".tolerance is negative: " + tolerance
							+ ".",
					"Set a positive duration such as 5m, the time a delivery's signed timestamp may be away from "
							+ "now in either direction.");
		}
		Signature signature = endpoint.getSignature();
		SignatureSettings signatureSettings = new SignatureSettings(signature.getHeader(), signature.getAlgorithm(),
				signature.getEncoding().name().toLowerCase(Locale.ROOT), signature.getPrefix(),
				signature.getSignedContent());
		WebhookEndpoint settings = new WebhookEndpoint(name, path, provider.name(), secrets, tolerance,
				signatureSettings, endpoint.getTimestamp(), endpoint.getDeliveryId(), endpoint.getEventType());
		validate(provider, settings);
		if (provider instanceof NoneProvider) {
			logger.warn(LogMessage.format("Deliveries to webhook endpoint '%s' (%s) are not verified (provider: "
					+ "none); anyone who can reach it can send deliveries", name, path));
		}
		return new ReceivingEndpoint(settings, provider,
				EndpointProcessingSettings.of(this.properties, name, endpoint.getProcessing()));
	}

	private static void validate(WebhookProvider provider, WebhookEndpoint settings) {
		try {
			provider.validate(settings);
		}
		catch (WebhookConfigurationException ex) {
			throw ex;
		}
		catch (IllegalStateException | IllegalArgumentException ex) {
			// A custom provider's own failure: its message is all we know
			throw new WebhookConfigurationException("The '" + provider.name() + "' provider refused the settings of "
					+ "webhook endpoint '" + settings.name() + "': " + ex.getMessage(),
					"Fix the settings under " + settings.propertyPrefix() + " as the message says.", ex);
		}
	}

	private WebhookProvider provider(String prefix, String name) {
		if (!StringUtils.hasText(name)) {
			throw new WebhookConfigurationException(prefix + ".provider is not set.",
					"Set it to one of " + knownProviders() + ".");
		}
		if (this.beanFactory.containsBean(name) && this.beanFactory.isTypeMatch(name, WebhookProvider.class)) {
			return this.beanFactory.getBean(name, WebhookProvider.class);
		}
		WebhookProvider provider = this.builtInProviders.get(name);
		if (provider == null) {
			throw new WebhookConfigurationException(prefix + ".provider '" + name + "' is unknown.",
					"Set it to one of " + knownProviders() + ".");
		}
		return provider;
	}

	private String knownProviders() {
		return new TreeSet<>(this.builtInProviders.keySet())
				+ " or to the name of a bean implementing WebhookProvider";
	}

	private static void checkPath(String property, String path) {
		if (!LITERAL_PATH.matcher(path).matches()) {
			throw new WebhookConfigurationException(property + " gives the path '" + path + "', which is not a "
					+ "literal request path.", "Use a path such as /webhooks/orders: it starts with '/', has no "
							+ "trailing '/', and its segments use only letters, digits, '-', '_', '.' and '~'.");
		}
	}

	private void checkMaxPayloadSize() {
		long bytes = this.properties.getMaxPayloadSize().toBytes();
		if (bytes <= 0 || bytes > Integer.MAX_VALUE - 8) {
			throw new WebhookConfigurationException(PREFIX + ".max-payload-size is " + this.properties.getMaxPayloadSize()
					+ ", outside what one request body can be.", "Set it between 1B and 2GB; the default is 1MB.");
		}
	}

}
