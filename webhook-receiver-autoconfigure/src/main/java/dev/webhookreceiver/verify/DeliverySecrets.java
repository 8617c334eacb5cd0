package dev.webhookreceiver.verify;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.webhookreceiver.WebhookSecretResolver;
import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

import org.springframework.http.HttpHeaders;

/**
 * The secrets a delivery is verified with: those the {@link WebhookSecretResolver} supplies
 * for its endpoint and path variables, asked once per delivery, else the endpoint's configured
 * ones. Used alike when a delivery arrives and when a stored one is replayed.
 */
public final class DeliverySecrets {

	private final @Nullable WebhookSecretResolver resolver;

	/**
	 * Creates the secrets of deliveries.
	 * @param resolver what supplies the secrets of each delivery, before the configured ones,
	 * or {@code null}
	 */
	public DeliverySecrets(@Nullable WebhookSecretResolver resolver) {
		this.resolver = resolver;
	}

	/**
	 * The endpoint's settings for one delivery: with the secrets that the resolver supplies for
	 * it, asked once, else with the configured ones. Blank secrets from the resolver are ignored,
	 * as blank configured ones fail the startup: anyone could sign with them.
	 * @param settings the endpoint's settings
	 * @param provider the endpoint's provider
	 * @param pathVariables the path variables of the delivery's request
	 * @param headers the delivery's headers, not yet verified
	 * @return the settings to verify the delivery with
	 * @throws WebhookRejectedException {@link Reason#INVALID_SIGNATURE} if neither has a
	 * secret, as for a delivery that matches none, so an unknown tenant looks like any other
	 * unverified sender
	 */
	public WebhookEndpoint settingsFor(WebhookEndpoint settings, WebhookProvider provider,
			Map<String, String> pathVariables, HttpHeaders headers) {
		if (this.resolver == null) {
			return settings;
		}
		List<String> resolved = this.resolver.secrets(settings.name(), pathVariables, headers);
		List<String> secrets = (resolved != null)
				? resolved.stream().filter(Objects::nonNull).filter((secret) -> !secret.isBlank()).toList() : List.of();
		if (!secrets.isEmpty()) {
			return settings.withSecrets(secrets);
		}
		if (settings.secrets().stream().allMatch(String::isEmpty) && provider.requiresSecret()) {
			throw new WebhookRejectedException(Reason.INVALID_SIGNATURE,
					"The delivery's signature matches none of the endpoint's secrets");
		}
		return settings;
	}

}
