package dev.webhookreceiver.verify;

import java.time.Clock;

import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies GitLab webhooks: {@code X-Gitlab-Token} must equal the secret token, compared in
 * constant time. GitLab does not sign the body, so only HTTPS protects it in transit; GitLab's
 * newer signing token follows Standard Webhooks and is verified by
 * {@link StandardWebhooksProvider} instead.
 * <p>
 * The delivery id is {@code Idempotency-Key} (stable across retries since GitLab 17.4), else
 * {@code X-Gitlab-Event-UUID}. The event type is {@code X-Gitlab-Event} ({@code Issue Hook}),
 * empty if absent. The endpoint's {@code delivery-id} and {@code event-type} override both.
 */
public final class GitLabProvider implements WebhookProvider {

	private static final String TOKEN_HEADER = "X-Gitlab-Token";

	private final JsonMapper jsonMapper;

	private final PerEndpoint<DeliveryFields> deliveryFields = new PerEndpoint<>(DeliveryFields::of);

	/**
	 * Creates a provider that reads {@code json:} expressions with Jackson's shared mapper.
	 */
	public GitLabProvider() {
		this(JsonMapper.shared());
	}

	/**
	 * Creates a provider.
	 * @param jsonMapper the mapper to read {@code json:} expressions of {@code delivery-id} and
	 * {@code event-type} with
	 */
	public GitLabProvider(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public String name() {
		return "gitlab";
	}

	@Override
	public void validate(WebhookEndpoint endpoint) {
		EndpointSecrets.require(endpoint, "the secret token entered in the GitLab webhook's settings");
		this.deliveryFields.get(endpoint);
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
		DeliveryFields deliveryFields = this.deliveryFields.get(endpoint);
		RequestFields fields = deliveryFields.fields(request, this.jsonMapper);
		String eventType = deliveryFields.eventType(fields, () -> request.header("X-Gitlab-Event"));
		String deliveryId = deliveryFields.deliveryId(fields, eventType,
				() -> DeliveryHeader.require(request, "Idempotency-Key", "X-Gitlab-Event-UUID"));
		return new VerifiedDelivery(deliveryId, eventType, null);
	}

}
