package dev.webhookreceiver.sample;

import java.math.BigDecimal;

/**
 * An order event as the shop's order service sends it, in the Standard Webhooks payload shape
 * ({@code type}, {@code timestamp}, {@code data}).
 *
 * @param type the event type, for example {@code order.created}
 * @param data the order
 */
record OrderEvent(String type, Order data) {

	record Order(String id, String customer, BigDecimal total, String currency) {
	}

}
