package dev.webhookreceiver.sample;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * An order event as the shop's order service sends it, in the Standard Webhooks payload shape
 * ({@code type}, {@code timestamp}, {@code data}). A signed delivery may still lack any of it,
 * so every part may be {@code null}.
 *
 * @param type the event type, for example {@code order.created}
 * @param data the order
 */
record OrderEvent(@Nullable String type, @Nullable Order data) {

	record Order(@Nullable String id, @Nullable String customer, @Nullable BigDecimal total,
			@Nullable String currency) {
	}

}
