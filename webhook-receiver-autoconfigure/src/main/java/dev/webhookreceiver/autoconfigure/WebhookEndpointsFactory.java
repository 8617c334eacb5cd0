package dev.webhookreceiver.autoconfigure;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
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
import dev.webhookreceiver.web.AllowedSources;
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

	private static final Pattern PATH = Pattern.compile("(/([A-Za-z0-9._~-]+|\\{[A-Za-z][A-Za-z0-9_]*\\}))+");

	private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)\\}");

	private final WebhookReceiverProperties properties;

	private final Map<String, WebhookProvider> builtInProviders;

	private final ListableBeanFactory beanFactory;

	private final boolean secretResolver;

	WebhookEndpointsFactory(WebhookReceiverProperties properties, List<WebhookProvider> builtInProviders,
			ListableBeanFactory beanFactory) {
		this(properties, builtInProviders, beanFactory, false);
	}

	/**
	 * Creates a factory.
	 * @param properties the properties
	 * @param builtInProviders the built-in providers
	 * @param beanFactory where custom providers are looked up
	 * @param secretResolver whether a {@code WebhookSecretResolver} supplies secrets, so that
	 * endpoints need none configured
	 */
	WebhookEndpointsFactory(WebhookReceiverProperties properties, List<WebhookProvider> builtInProviders,
			ListableBeanFactory beanFactory, boolean secretResolver) {
		this.secretResolver = secretResolver;
		this.properties = properties;
		this.builtInProviders = builtInProviders.stream()
			.collect(Collectors.toMap(WebhookProvider::name, Function.identity()));
		this.beanFactory = beanFactory;
	}

	WebhookEndpoints create() {
		checkMaxPayloadSize();
		UnresolvedPlaceholders.check(PREFIX + ".base-path", this.properties.getBasePath());
		checkLiteralPath(PREFIX + ".base-path", this.properties.getBasePath());
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
		checkPlaceholdersResolved(prefix, endpoint);
		WebhookProvider provider = provider(prefix, endpoint.getProvider());
		String path = (endpoint.getPath() != null) ? endpoint.getPath() : this.properties.getBasePath() + "/" + name;
		String pathProperty = prefix
				+ ((endpoint.getPath() != null) ? ".path" : " (the endpoint name in the default path)");
		if (endpoint.getPath() != null) {
			checkPath(pathProperty, path);
		}
		else {
			checkLiteralPath(pathProperty, path);
		}
		List<String> secrets = ConfiguredSecrets.of(prefix, endpoint);
		if (secrets.isEmpty() && provider.requiresSecret() && PATH_VARIABLE.matcher(path).find()
				&& !this.secretResolver) {
			throw new WebhookConfigurationException(prefix + ".secret is not set, and no WebhookSecretResolver bean "
					+ "supplies the secrets of webhook endpoint '" + name + "' (" + path + ") per request.",
					"Define a bean implementing dev.webhookreceiver.WebhookSecretResolver that returns each tenant's "
							+ "secrets from the path variables, or set " + prefix + ".secret if all tenants share "
							+ "one. See docs/multi-tenant.md.");
		}
		if (secrets.isEmpty() && provider.requiresSecret() && !this.secretResolver) {
			String variable = name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_WEBHOOK_SECRET";
			throw new WebhookConfigurationException(prefix + ".secret is not set (or is empty), so deliveries to "
					+ "webhook endpoint '" + name + "' cannot be verified.",
					"Set the signing secret that the sender shows for this endpoint, for example 'secret: ${"
							+ variable + "}' with the environment variable " + variable + " set, or list several "
							+ "under " + prefix + ".secrets during a rotation.");
		}
		Duration tolerance = (endpoint.getTolerance() != null) ? endpoint.getTolerance()
				: this.properties.getTolerance();
		checkTolerance(((endpoint.getTolerance() != null) ? prefix : PREFIX) + ".tolerance", tolerance);
		Signature signature = endpoint.getSignature();
		SignatureSettings signatureSettings = new SignatureSettings(signature.getHeader(), signature.getAlgorithm(),
				signature.getEncoding().name().toLowerCase(Locale.ROOT), signature.getPrefix(),
				signature.getSignedContent());
		WebhookEndpoint settings = new WebhookEndpoint(name, path, provider.name(), secrets, tolerance,
				signatureSettings, endpoint.getTimestamp(), endpoint.getDeliveryId(), endpoint.getEventType(),
				this.secretResolver && provider.requiresSecret());
		validate(provider, settings);
		if (provider instanceof NoneProvider) {
			logger.warn(LogMessage.format("Deliveries to webhook endpoint '%s' (%s) are not verified (provider: "
					+ "none); anyone who can reach it can send deliveries", name, path));
		}
		return new ReceivingEndpoint(settings, provider,
				EndpointProcessingSettings.of(this.properties, name, endpoint.getProcessing()),
				allowedSources(prefix, endpoint.getAllowedSources()));
	}

	/**
	 * Refuses an endpoint's text settings that hold a placeholder that did not resolve; its
	 * secrets are checked with them, by {@link ConfiguredSecrets}.
	 */
	private static void checkPlaceholdersResolved(String prefix, Endpoint endpoint) {
		UnresolvedPlaceholders.check(prefix + ".provider", endpoint.getProvider());
		UnresolvedPlaceholders.check(prefix + ".path", endpoint.getPath());
		UnresolvedPlaceholders.check(prefix + ".allowed-sources", endpoint.getAllowedSources());
		UnresolvedPlaceholders.check(prefix + ".timestamp", endpoint.getTimestamp());
		UnresolvedPlaceholders.check(prefix + ".delivery-id", endpoint.getDeliveryId());
		UnresolvedPlaceholders.check(prefix + ".event-type", endpoint.getEventType());
		Signature signature = endpoint.getSignature();
		UnresolvedPlaceholders.check(prefix + ".signature.header", signature.getHeader());
		UnresolvedPlaceholders.check(prefix + ".signature.algorithm", signature.getAlgorithm());
		UnresolvedPlaceholders.check(prefix + ".signature.prefix", signature.getPrefix());
		UnresolvedPlaceholders.check(prefix + ".signature.signed-content", signature.getSignedContent());
	}

	/**
	 * Refuses a tolerance that no delivery could meet: signed timestamps are whole seconds
	 * (Linear's milliseconds) and deliveries take time to arrive, so under a second nearly every
	 * delivery would be refused as stale.
	 */
	private static void checkTolerance(String property, Duration tolerance) {
		String action = "Set a duration with its unit, such as 5m or 300s: how far a delivery's signed timestamp "
				+ "may be from the server's clock, in either direction.";
		if (tolerance.isNegative()) {
			throw new WebhookConfigurationException(
					property + " is negative: " + BigDecimal.valueOf(tolerance.toMillis(), 3).stripTrailingZeros()
						.toPlainString() + " s.", action);
		}
		if (tolerance.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new WebhookConfigurationException(property + " is " + tolerance.toMillis() + " ms, less than a "
					+ "second: signed timestamps are whole seconds and deliveries take time to arrive, so nearly "
					+ "every delivery would be refused as stale. A number without a unit is read as milliseconds, "
					+ "and a tolerance of 0 does not turn the check off, as it does in Stripe's SDKs.", action);
		}
	}

	private static AllowedSources allowedSources(String prefix, List<String> cidrs) {
		try {
			return AllowedSources.of(cidrs);
		}
		catch (IllegalArgumentException ex) {
			throw new WebhookConfigurationException(prefix + ".allowed-sources" + ex.getMessage() + ".",
					"List IPv4 or IPv6 address blocks in CIDR notation, such as '192.30.252.0/22' or "
							+ "'2a0a:a440::/29', or single addresses; host names are not looked up.");
		}
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

	private static void checkLiteralPath(String property, String path) {
		if (path.contains("{") || !PATH.matcher(path).matches()) {
			throw new WebhookConfigurationException(property + " gives the path '" + path + "', which is not a "
					+ "literal request path.", "Use a path such as /webhooks/orders: it starts with '/', has no "
							+ "trailing '/', and its segments use only letters, digits, '-', '_', '.' and '~'.");
		}
	}

	private static void checkPath(String property, String path) {
		if (!PATH.matcher(path).matches()) {
			throw new WebhookConfigurationException(property + " gives the path '" + path + "', which is not a "
					+ "request path.", "Use a path such as /webhooks/orders or /webhooks/{tenant}/orders: it starts "
							+ "with '/', has no trailing '/', and its segments use only letters, digits, '-', '_', "
							+ "'.' and '~', or are a whole template variable such as {tenant}.");
		}
		List<String> variables = new ArrayList<>();
		Matcher matcher = PATH_VARIABLE.matcher(path);
		while (matcher.find()) {
			if (variables.contains(matcher.group(1))) {
				throw new WebhookConfigurationException(property + " gives the path '" + path + "', which names the "
						+ "template variable {" + matcher.group(1) + "} twice.", "Give each variable its own name.");
			}
			variables.add(matcher.group(1));
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
