package dev.webhookreceiver.sample;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An order event as the shop's order service sends it, in the Standard Webhooks payload shape
 * ({@code type}, {@code timestamp}, {@code data}).
 *
 * @param type the event type, for example {@code order.created}
 * @param data the order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record OrderEvent(String type, Order data) {

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Order(String id, String customer, BigDecimal total, String currency) {
	}

}
