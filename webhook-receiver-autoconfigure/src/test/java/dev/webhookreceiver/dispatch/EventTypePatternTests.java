package dev.webhookreceiver.dispatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link EventTypePattern}.
 */
class EventTypePatternTests {

	@ParameterizedTest(name = "''{0}'' matches ''{1}'': {2}")
	@CsvSource(delimiter = '|', textBlock = """
			issues         | issues                     | true
			issues         | issues.opened              | true
			issues         | issues.opened.by.bot       | true
			issues         | issues_comment             | false
			issues         | issuesopened               | false
			issues         | issue                      | false
			issues         | pull_request.opened        | false
			issues         | Issues                     | false
			issues.opened  | issues.opened              | true
			issues.opened  | issues.opened.again        | true
			issues.opened  | issues                     | false
			issues.opened  | issues.openedx             | false
			issues.*       | issues.opened              | true
			issues.*       | issues.opened.by.bot       | true
			issues.*       | issues                     | false
			issues.*       | issues_comment.created     | false
			payment_intent.* | payment_intent.succeeded | true
			*              | issues                     | true
			*              | issues.opened              | true
			*              | orders/create              | true
			orders/create  | orders/create              | true
			orders/create  | orders/created             | false
			Issue Hook     | Issue Hook                 | true
			Issue Hook     | Note Hook                  | false
			""")
	void matches(String pattern, String eventType, boolean matches) {
		assertThat(EventTypePattern.of(pattern).matches(eventType)).isEqualTo(matches);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", " issues", "issues ", "*.opened", "issues*", "issues.*.opened", "**", ".issues",
			"issues.", ".*", "issues.**" })
	void rejectsInvalidPattern(String pattern) {
		assertThatIllegalArgumentException().isThrownBy(() -> EventTypePattern.of(pattern))
			.withMessage("'" + pattern + "' is not a valid event pattern; use an event type (\"issues\"), "
					+ "its sub-events (\"issues.*\") or every event (\"*\")");
	}

	@ParameterizedTest(name = "''{0}'' and ''{1}'' overlap: {2}")
	@CsvSource(delimiter = '|', textBlock = """
			issues         | issues                     | true
			issues         | issues.opened              | true
			issues         | issues.*                   | true
			issues.*       | issues.opened.by.bot       | true
			issues.opened  | issues.opened.*            | true
			*              | anything                   | true
			issues         | issues_comment             | false
			issues         | issue                      | false
			issues.opened  | issues.closed              | false
			issues.*       | pull_request.*             | false
			""")
	void overlaps(String pattern, String other, boolean overlaps) {
		assertThat(EventTypePattern.of(pattern).overlaps(EventTypePattern.of(other))).isEqualTo(overlaps);
		assertThat(EventTypePattern.of(other).overlaps(EventTypePattern.of(pattern))).isEqualTo(overlaps);
	}

	@Test
	void toStringIsThePattern() {
		assertThat(EventTypePattern.of("issues.*")).hasToString("issues.*");
	}

	@Test
	void equalPatternsAreEqual() {
		assertThat(EventTypePattern.of("issues")).isEqualTo(EventTypePattern.of("issues"))
			.hasSameHashCodeAs(EventTypePattern.of("issues"))
			.isNotEqualTo(EventTypePattern.of("issues.*"));
	}

}
