package dev.webhookreceiver.sample;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The part of GitHub's {@code issues} event payload that the shop reads.
 *
 * @param action what happened to the issue, for example {@code opened}
 * @param issue the issue
 * @param repository the repository the issue belongs to
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record IssueEvent(String action, Issue issue, Repository repository) {

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Issue(long number, String title) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Repository(@JsonProperty("full_name") String fullName) {
	}

}
