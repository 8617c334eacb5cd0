package dev.webhookreceiver.sample;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The part of GitHub's {@code issues} event payload that the shop reads.
 *
 * @param action what happened to the issue, for example {@code opened}
 * @param issue the issue
 * @param repository the repository the issue belongs to
 */
record IssueEvent(String action, Issue issue, Repository repository) {

	record Issue(long number, String title) {
	}

	record Repository(@JsonProperty("full_name") String fullName) {
	}

}
