package dev.webhookreceiver.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.webhookreceiver.verify.WebhookEndpoint.SignatureSettings;
import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link DeliverySecrets}.
 */
class DeliverySecretsTests {

	private final GitHubProvider provider = new GitHubProvider(JsonMapper.builder().build());

	@Test
	void verifiesWithTheSecretsTheResolverSupplies() {
		DeliverySecrets secrets = new DeliverySecrets((endpoint, variables, headers) -> List.of("tenant-secret"));
		WebhookEndpoint settings = secrets.settingsFor(resolvedEndpoint(), this.provider, Map.of("tenant", "acme"),
				new HttpHeaders());
		assertThat(settings.secrets()).containsExactly("tenant-secret");
	}

	@Test
	void ignoresBlankSecretsFromTheResolverAsItIgnoresEmptyOnes() {
		List<String> resolved = new ArrayList<>(Arrays.asList(" ", "", null, "\t\n"));
		DeliverySecrets secrets = new DeliverySecrets((endpoint, variables, headers) -> resolved);
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class,
				() -> secrets.settingsFor(resolvedEndpoint(), this.provider, Map.of("tenant", "acme"),
						new HttpHeaders()));
		assertThat(ex).as("rejection").isNotNull();
		assertThat(ex.reason()).isEqualTo(Reason.INVALID_SIGNATURE);
	}

	@Test
	void aDeliverySignedWithABlankKeyDoesNotVerifyWhereTheResolverSuppliesOnlyABlankSecret() {
		String body = "{\"action\":\"opened\"}";
		WebhookRequest request = TestSignatures.request(Map.of("X-Hub-Signature-256",
				"sha256=" + TestSignatures.hmacSha256Hex(" ", body), "X-GitHub-Event", "issues", "X-GitHub-Delivery",
				"d-1"), body);
		DeliverySecrets secrets = new DeliverySecrets((endpoint, variables, headers) -> List.of(" "));
		WebhookRejectedException ex = catchThrowableOfType(WebhookRejectedException.class, () -> {
			WebhookEndpoint settings = secrets.settingsFor(resolvedEndpoint(), this.provider, Map.of(),
					request.headers());
			this.provider.verify(request, settings, Clock.systemUTC());
		});
		assertThat(ex).as("rejection").isNotNull();
		assertThat(ex.reason()).isEqualTo(Reason.INVALID_SIGNATURE);
	}

	private static WebhookEndpoint resolvedEndpoint() {
		return new WebhookEndpoint("github", "/webhooks/{tenant}/github", "github", List.of(), Duration.ofMinutes(5),
				SignatureSettings.DEFAULT, null, null, null, true);
	}

}
