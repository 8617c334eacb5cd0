package dev.webhookreceiver.gettingstarted;

import dev.webhookreceiver.WebhookEvent;
import dev.webhookreceiver.WebhookHandler;

import org.springframework.stereotype.Component;

/**
 * The handler of {@code docs/getting-started.md}, verbatim but for the package and this
 * comment ({@link GettingStartedExampleTests} checks that the page still shows it).
 */
@Component
class IssueWebhooks {

	@WebhookHandler(endpoint = "github", event = "issues.opened")
	void issueOpened(IssueEvent payload, WebhookEvent event) {
		System.out.println("Issue #" + payload.issue().number() + " opened, delivery " + event.deliveryId());
	}

	record IssueEvent(String action, Issue issue) {
		record Issue(long number, String title) { }
	}
}
