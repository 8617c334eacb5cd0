package dev.webhookreceiver.dispatch;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * An event type pattern of a {@link dev.webhookreceiver.WebhookHandler @WebhookHandler}.
 * <p>
 * {@code a} matches {@code a} and every {@code a.<anything>} (but not {@code ab});
 * {@code a.*} matches only the sub-events of {@code a} (not {@code a} itself); {@code *}
 * matches every event type. Matching is case-sensitive.
 */
public final class EventTypePattern {

	private static final String ANY = "*";

	private static final String SUB_EVENTS = ".*";

	private final String pattern;

	private final String prefix;

	private final boolean includesPrefix;

	private EventTypePattern(String pattern, String prefix, boolean includesPrefix) {
		this.pattern = pattern;
		this.prefix = prefix;
		this.includesPrefix = includesPrefix;
	}

	/**
	 * Parses a pattern.
	 * @param pattern an event type ({@code issues}, or GitLab's {@code Issue Hook}), its
	 * sub-events ({@code issues.*}) or {@code *}
	 * @return the pattern
	 * @throws IllegalArgumentException if the pattern is empty, starts or ends with whitespace or
	 * a dot, or uses {@code *} anywhere but as the whole pattern or its last segment
	 */
	public static EventTypePattern of(String pattern) {
		if (ANY.equals(pattern)) {
			return new EventTypePattern(pattern, "", true);
		}
		boolean subEventsOnly = pattern.endsWith(SUB_EVENTS);
		String type = (subEventsOnly) ? pattern.substring(0, pattern.length() - SUB_EVENTS.length()) : pattern;
		Assert.isTrue(!type.isEmpty() && type.strip().equals(type) && !type.contains("*")
				&& !type.startsWith(".") && !type.endsWith("."),
				() -> "'" + pattern + "' is not a valid event pattern; use an event type (\"issues\"), "
						+ "its sub-events (\"issues.*\") or every event (\"*\")");
		return new EventTypePattern(pattern, type + ".", !subEventsOnly);
	}

	/**
	 * Whether the given event type matches this pattern.
	 * @param eventType the event type of a delivery
	 * @return whether it matches
	 */
	public boolean matches(String eventType) {
		if (eventType.startsWith(this.prefix)) {
			return true;
		}
		return this.includesPrefix && eventType.length() == this.prefix.length() - 1
				&& this.prefix.startsWith(eventType);
	}

	/**
	 * Whether some event type matches both this pattern and another.
	 * @param other the other pattern
	 * @return whether the two patterns overlap
	 */
	public boolean overlaps(EventTypePattern other) {
		// Each pattern matches every sub-event of its prefix, so they share one exactly when a
		// prefix starts with the other; an event type equal to a prefix without its dot then
		// starts with the shorter prefix too.
		return this.prefix.startsWith(other.prefix) || other.prefix.startsWith(this.prefix);
	}

	@Override
	public boolean equals(@Nullable Object obj) {
		return (this == obj) || (obj instanceof EventTypePattern other && this.pattern.equals(other.pattern));
	}

	@Override
	public int hashCode() {
		return this.pattern.hashCode();
	}

	@Override
	public String toString() {
		return this.pattern;
	}

}
