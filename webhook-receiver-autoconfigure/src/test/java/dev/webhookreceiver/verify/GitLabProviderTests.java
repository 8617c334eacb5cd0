package dev.webhookreceiver.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link GitLabProvider}.
 */
class GitLabProviderTests {

	private static final String SECRET = "glwh-s3cr3t-Token";

	private final GitLabProvider provider = new GitLabProvider();

	private final Clock clock = Clock.systemUTC();

	@Test
	void nameIsGitlab() {
		assertThat(this.provider.name()).isEqualTo("gitlab");
	}

	@Test
	void deliveryIdIsTheIdempotencyKeyAndEventTypeTheEvent() {
		assertThat(this.provider.verify(request(headers(SECRET)), endpoint(SECRET), this.clock))
			.isEqualTo(new VerifiedDelivery("idem-1", "Issue Hook", null));
	}

	@Test
	void deliveryIdFallsBackToTheEventUuidOfOlderGitLabs() {
		Map<String, String> headers = headers(SECRET);
		headers.remove("Idempotency-Key");
		assertThat(this.provider.verify(request(headers), endpoint(SECRET), this.clock).deliveryId())
			.isEqualTo("uuid-1");
	}

	@Test
	void acceptsASecondSecretDuringRotation() {
		assertThat(this.provider.verify(request(headers(SECRET)), endpoint("old", SECRET), this.clock).deliveryId())
			.isEqualTo("idem-1");
	}

	@Test
	void rejectsAnotherTokenIncludingAPrefixOfTheSecret() {
		for (String token : List.of("wrong", SECRET.substring(0, SECRET.length() - 1), SECRET + "x", " " + SECRET)) {
			assertRejected(request(headers(token)), Reason.INVALID_SIGNATURE);
		}
	}

	@Test
	void rejectsAMissingToken() {
		Map<String, String> headers = headers(SECRET);
		headers.remove("X-Gitlab-Token");
		assertRejected(request(headers), Reason.MISSING_SIGNATURE);
	}

	@Test
	void givesAnAuthenticDeliveryWithoutEventTheEmptyEventType() {
		Map<String, String> headers = headers(SECRET);
		headers.remove("X-Gitlab-Event");
		assertThat(this.provider.verify(request(headers), endpoint(SECRET), this.clock))
			.isEqualTo(new VerifiedDelivery("idem-1", "", null));
	}

	@Test
	void rejectsAnAuthenticDeliveryWithoutIdsAsMalformed() {
		Map<String, String> headers = headers(SECRET);
		headers.remove("Idempotency-Key");
		headers.remove("X-Gitlab-Event-UUID");
		assertRejected(request(headers), Reason.MALFORMED);
	}

	@Test
	void readsTheDeliveryIdAndEventTypeWhereTheEndpointSays() {
		WebhookEndpoint endpoint = TestSignatures.overriding(endpoint(SECRET), "header:X-Gitlab-Event-UUID",
				"json:/object_kind");
		this.provider.validate(endpoint);
		assertThat(this.provider.verify(request(headers(SECRET)), endpoint, this.clock))
			.isEqualTo(new VerifiedDelivery("uuid-1", "issue", null));
	}

	@Test
	void detailsNeverContainTheSecret() {
		WebhookRejectedException ex = assertRejected(request(headers("wrong")), Reason.INVALID_SIGNATURE);
		assertThat(ex.getMessage()).doesNotContain(SECRET);
	}

	@Test
	void validateRequiresASecret() {
		assertThatIllegalStateException().isThrownBy(() -> this.provider.validate(endpoint("")))
			.withMessageContaining("webhook.receiver.endpoints.gitlab.secret");
	}

	private WebhookRejectedException assertRejected(WebhookRequest request, Reason reason) {
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> this.provider.verify(request, endpoint(SECRET), this.clock));
		assertThat(ex).as("rejection").isNotNull();
		assertThat(ex.reason()).isEqualTo(reason);
		return ex;
	}

	private static WebhookRequest request(Map<String, String> headers) {
		return TestSignatures.request(headers, "{\"object_kind\":\"issue\"}");
	}

	private static Map<String, String> headers(String token) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("X-Gitlab-Token", token);
		headers.put("X-Gitlab-Event", "Issue Hook");
		headers.put("X-Gitlab-Event-UUID", "uuid-1");
		headers.put("Idempotency-Key", "idem-1");
		return headers;
	}

	private static WebhookEndpoint endpoint(String... secrets) {
		return new WebhookEndpoint("gitlab", "/webhooks/gitlab", "gitlab", List.of(secrets), Duration.ofMinutes(5));
	}

}
