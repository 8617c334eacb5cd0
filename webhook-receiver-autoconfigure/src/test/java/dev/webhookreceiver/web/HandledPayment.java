package dev.webhookreceiver.web;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/**
 * A handler's own JPA write, to show it commits and rolls back with the delivery record. A
 * payment id is written at most once: a second write is the handler's own constraint violation.
 */
@Entity
class HandledPayment {

	@Id
	@GeneratedValue
	private Long id;

	@Column(unique = true)
	private String paymentId;

	protected HandledPayment() {
	}

	HandledPayment(String paymentId) {
		this.paymentId = paymentId;
	}

	String getPaymentId() {
		return this.paymentId;
	}

}
