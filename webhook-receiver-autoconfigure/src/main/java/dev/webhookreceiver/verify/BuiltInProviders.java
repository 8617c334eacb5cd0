package dev.webhookreceiver.verify;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The providers that can be named in {@code webhook.receiver.endpoints.<name>.provider} without
 * defining a bean.
 */
public final class BuiltInProviders {

	private BuiltInProviders() {
	}

	/**
	 * Creates every built-in provider.
	 * @param jsonMapper the mapper providers read body fields with, after verification
	 * @return the providers
	 */
	public static List<WebhookProvider> create(JsonMapper jsonMapper) {
		return create(jsonMapper, null);
	}

	/**
	 * Creates every built-in provider, those with configurable fields reading {@code xml:}
	 * expressions too.
	 * @param jsonMapper the mapper providers read body fields with, after verification
	 * @param xml the reader of XML bodies, or {@code null} if Jackson's XML module is absent
	 * @return the providers
	 */
	public static List<WebhookProvider> create(JsonMapper jsonMapper, @Nullable XmlBodies xml) {
		return List.of(new GitHubProvider(jsonMapper), new StripeProvider(jsonMapper),
				new StandardWebhooksProvider(jsonMapper), StandardWebhooksProvider.svix(jsonMapper),
				new SlackProvider(jsonMapper), new ShopifyProvider(jsonMapper), new TwilioProvider(jsonMapper),
				new GitLabProvider(jsonMapper), new PaddleProvider(jsonMapper), new SquareProvider(jsonMapper),
				new LinearProvider(jsonMapper), new ZoomProvider(jsonMapper), new DiscordProvider(jsonMapper),
				new HmacProvider(jsonMapper, xml), new NoneProvider(jsonMapper, xml));
	}

}
