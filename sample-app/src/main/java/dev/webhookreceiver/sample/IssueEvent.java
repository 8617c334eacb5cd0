package dev.webhookreceiver.sample;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The part of GitHub's {@code issues} event payload that the shop reads. A signed delivery may
 * still lack any of it, so every part may be {@code null}.
 *
 * @param action what happened to the issue, for example {@code opened}
 * @param issue the issue
 * @param repository the repository the issue belongs to
 */
record IssueEvent(@Nullable String action, @Nullable Issue issue, @Nullable Repository repository) {

	record Issue(@Nullable Long number, @Nullable String title) {
	}

	record Repository(@JsonProperty("full_name") @Nullable String fullName) {
	}

}
