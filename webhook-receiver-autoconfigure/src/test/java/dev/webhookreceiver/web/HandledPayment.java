package dev.webhookreceiver.web;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/**
 * A handler's own JPA write, to show it commits and rolls back with the delivery record.
 */
@Entity
class HandledPayment {

	@Id
	@GeneratedValue
	private Long id;

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
