package dev.webhookreceiver.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import dev.webhookreceiver.observation.DeliveryOutcome;
import dev.webhookreceiver.verify.GitHubProvider;
import dev.webhookreceiver.verify.VerifiedDelivery;
import dev.webhookreceiver.verify.WebhookEndpoint;
import dev.webhookreceiver.verify.WebhookRejectedException;
import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DeliveryAnswers}.
 */
@ExtendWith(OutputCaptureExtension.class)
class DeliveryAnswersTests {

	private final List<String> recorded = new ArrayList<>();

	private final DeliveryAnswers answers = new DeliveryAnswers(
			(endpoint, eventType, outcome) -> this.recorded.add(endpoint + " " + eventType + " " + outcome.tagValue()));

	private final ReceivingEndpoint endpoint = new ReceivingEndpoint(
			new WebhookEndpoint("github", "/webhooks/github", "github", List.of("test-only-secret"),
					Duration.ofMinutes(5)),
			new GitHubProvider(JsonMapper.shared()));

	@Test
	void logsOneWarningForABurstOfRefusalsOfOneKind(CapturedOutput output) {
		for (int i = 0; i < 50; i++) {
			this.answers.rejected(this.endpoint, new WebhookRejectedException(Reason.INVALID_SIGNATURE, "forged " + i));
		}
		this.answers.rejected(this.endpoint, new WebhookRejectedException(Reason.MISSING_SIGNATURE, "unsigned"));
		assertThat(output.getOut().lines().filter((line) -> line.contains("Refused a delivery"))).hasSize(2);
		assertThat(output).contains("(invalid-signature): forged 0").doesNotContain("forged 1 ");
		assertThat(this.recorded).hasSize(51).last().isEqualTo("github unknown missing_signature");
	}

	@Test
	void answersAcceptedDeliveriesWithTheirStatusAndCountsThemWithTheirEventType() {
		ResponseEntity<Object> answer = this.answers.processed(this.endpoint,
				new VerifiedDelivery("d-1", "issues.opened", null));
		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
		assertThat(new String((byte[]) answer.getBody(), StandardCharsets.UTF_8))
			.isEqualTo("{\"status\":\"processed\",\"deliveryId\":\"d-1\"}");
		assertThat(this.recorded).containsExactly("github issues.opened " + DeliveryOutcome.PROCESSED.tagValue());
	}

	@Test
	void escapesTheDeliveryIdInTheAnswer() {
		ResponseEntity<Object> answer = this.answers.duplicate(this.endpoint,
				new VerifiedDelivery("d\"1\\\u0001é", "push", null));
		assertThat(JsonMapper.shared().readTree((byte[]) answer.getBody()).get("deliveryId").stringValue())
			.isEqualTo("d\"1\\\u0001é");
	}

	@Test
	void countsARefusalUnderTheEventTypeTheProviderFound() {
		ResponseEntity<Object> answer = this.answers.rejected(this.endpoint, new WebhookRejectedException(
				Reason.MALFORMED, "The X-GitHub-Delivery header is missing", "issues.opened"));
		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(this.recorded).containsExactly("github issues.opened malformed");
	}

	@Test
	void answersRefusalsWithAProblemOfAStableType() {
		ResponseEntity<Object> answer = this.answers.rejected(this.endpoint,
				new WebhookRejectedException(Reason.STALE_TIMESTAMP, "The timestamp is 412 s old, tolerance is 300 s"));
		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		ProblemDetail problem = (ProblemDetail) answer.getBody();
		assertThat(problem.getType().toString()).isEqualTo("urn:webhook-receiver:problem:stale-timestamp");
		assertThat(problem.getDetail()).isEqualTo("The timestamp is 412 s old, tolerance is 300 s");
		assertThat(problem.getProperties()).containsEntry("endpoint", "github");
	}

	@Test
	void answersAnUnavailableStoreWithServiceUnavailableAndWhenToRetry() {
		ResponseEntity<Object> answer = this.answers.storeUnavailable(this.endpoint,
				new VerifiedDelivery("d-1", "issues.opened", null));
		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("10");
		assertThat(((ProblemDetail) answer.getBody()).getType().toString())
			.isEqualTo("urn:webhook-receiver:problem:store-unavailable");
		assertThat(this.recorded).containsExactly("github issues.opened store_unavailable");
	}

}
