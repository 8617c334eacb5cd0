package dev.webhookreceiver.verify;

import org.jspecify.annotations.Nullable;

/**
 * A delivery was refused by its provider. The message is safe to show to the sender: it never
 * contains a secret or an expected signature.
 */
public class WebhookRejectedException extends RuntimeException {

	private final Reason reason;

	private final @Nullable String eventType;

	/**
	 * Creates an exception for a delivery refused before its event type was known.
	 * @param reason why the delivery was refused
	 * @param detail what is wrong with it, safe to show to the sender
	 */
	public WebhookRejectedException(Reason reason, String detail) {
		this(reason, detail, null);
	}

	/**
	 * Creates an exception for a delivery refused although its event type is known, such as
	 * an authentic delivery without a delivery id.
	 * @param reason why the delivery was refused
	 * @param detail what is wrong with it, safe to show to the sender
	 * @param eventType the event type of the delivery, or {@code null} if it is not known
	 */
	public WebhookRejectedException(Reason reason, String detail, @Nullable String eventType) {
		super(detail, null, false, false);
		this.reason = reason;
		this.eventType = eventType;
	}

	/**
	 * Why the delivery was refused.
	 * @return the reason
	 */
	public Reason reason() {
		return this.reason;
	}

	/**
	 * The event type of the refused delivery, if the provider got that far.
	 * @return the event type, or {@code null} if it is not known
	 */
	public @Nullable String eventType() {
		return this.eventType;
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
		 * The delivery is authentic but lacks its delivery id, or the payload cannot be parsed
		 * as the provider requires. A delivery without an event type is not refused: it has
		 * the empty event type.
		 */
		MALFORMED

	}

}
