package dev.webhookreceiver.verify;

/**
 * A delivery was refused by its provider. The message is safe to show to the sender: it never
 * contains a secret or an expected signature.
 */
public class WebhookRejectedException extends RuntimeException {

	private final Reason reason;

	public WebhookRejectedException(Reason reason, String detail) {
		super(detail, null, false, false);
		this.reason = reason;
	}

	/**
	 * Why the delivery was refused.
	 * @return the reason
	 */
	public Reason reason() {
		return this.reason;
	}

	/**
	 * Why a delivery was refused.
	 */
	public enum Reason {

		/** A signature or timestamp header the provider requires is absent. */
		MISSING_SIGNATURE,

		/** The signature does not match any secret, or the signature header is malformed. */
		INVALID_SIGNATURE,

		/** The timestamp is outside the tolerance, in the past or the future. */
		STALE_TIMESTAMP,

		/**
		 * The delivery is authentic but lacks what identifies it (delivery id, event type), or
		 * the payload cannot be parsed as the provider requires.
		 */
		MALFORMED

	}

}
