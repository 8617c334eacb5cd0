package dev.webhookreceiver.benchmarks.handwritten;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * What the hand-written app does with an {@code issues.opened} delivery, written as the sample
 * app's handler is: the body bound to a record, one row saved through Spring Data JPA.
 */
@Component
class IssueOpenedHandler {

	private final JsonMapper jsonMapper;

	private final IssueActivityRepository activities;

	IssueOpenedHandler(JsonMapper jsonMapper, IssueActivityRepository activities) {
		this.jsonMapper = jsonMapper;
		this.activities = activities;
	}

	void handle(byte[] body, String event, String deliveryId) {
		IssueEvent payload = this.jsonMapper.readValue(body, IssueEvent.class);
		if (!"opened".equals(payload.action())) {
			return;
		}
		IssueEvent.Issue issue = payload.issue();
		IssueEvent.Repository repository = payload.repository();
		String summary = "Issue #%s opened in %s: %s".formatted(orUnknown((issue != null) ? issue.number() : null),
				orUnknown((repository != null) ? repository.fullName() : null),
				orUnknown((issue != null) ? issue.title() : null));
		this.activities.save(new IssueActivity("github", event + ".opened", deliveryId, summary));
	}

	private static String orUnknown(@Nullable Object value) {
		return (value != null) ? value.toString() : "?";
	}

	record IssueEvent(@Nullable String action, @Nullable Issue issue, @Nullable Repository repository) {

		record Issue(@Nullable Long number, @Nullable String title) {
		}

		record Repository(@JsonProperty("full_name") @Nullable String fullName) {
		}

	}

}
