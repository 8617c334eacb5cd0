package dev.webhookreceiver.verify;

import java.time.Clock;

/**
 * Verifies GitLab webhooks: {@code X-Gitlab-Token} must equal the secret token, compared in
 * constant time. GitLab does not sign the body, so only HTTPS protects it in transit; GitLab's
 * newer signing token follows Standard Webhooks and is verified by
 * {@link StandardWebhooksProvider} instead.
 * <p>
 * The delivery id is {@code Idempotency-Key} (stable across retries since GitLab 17.4), else
 * {@code X-Gitlab-Event-UUID}. The event type is {@code X-Gitlab-Event} ({@code Issue Hook}).
 */
public final class GitLabProvider implements WebhookProvider {

	private static final String TOKEN_HEADER = "X-Gitlab-Token";

	/**
	 * Creates a provider.
	 */
	public GitLabProvider() {
	}

	@Override
	public String name() {
		return "gitlab";
	}

	@Override
	public void validate(WebhookEndpoint endpoint) {
		EndpointSecrets.require(endpoint, "the secret token entered in the GitLab webhook's settings");
	}

	@Override
	public VerifiedDelivery verify(WebhookRequest request, WebhookEndpoint endpoint, Clock clock) {
		String token = SignatureHeader.require(request, TOKEN_HEADER);
		boolean matched = false;
		for (String secret : EndpointSecrets.of(endpoint)) {
			matched |= ConstantTime.tokenEquals(token, secret);
		}
		if (!matched) {
			throw SignatureHeader.invalid("The " + TOKEN_HEADER + " header matches none of the endpoint's secrets");
		}
		String eventType = DeliveryHeader.require(request, "X-Gitlab-Event");
		String deliveryId = DeliveryId.require(eventType,
				() -> DeliveryHeader.require(request, "Idempotency-Key", "X-Gitlab-Event-UUID"));
		return new VerifiedDelivery(deliveryId, eventType, null);
	}

}
