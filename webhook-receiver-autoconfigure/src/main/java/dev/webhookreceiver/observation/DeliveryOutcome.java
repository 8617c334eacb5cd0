package dev.webhookreceiver.observation;

import java.util.Locale;

/**
 * What became of a delivery: the {@code outcome} tag of the {@code webhook.deliveries} counter.
 */
public enum DeliveryOutcome {

	/** Verified, claimed, and every matching handler completed. */
	PROCESSED,

	/** A redelivery of a delivery that was completed before. */
	DUPLICATE,

	/** Verified and recorded, but no handler matched its event type. */
	IGNORED,

	/** A sender's handshake (such as Slack's url_verification), answered without processing. */
	HANDSHAKE,

	/** Stored durably to be processed asynchronously. */
	ACCEPTED,

	/** A handler threw; the delivery is recorded failed and a redelivery retries it. */
	FAILED,

	/** The same delivery is being processed right now. */
	IN_PROGRESS,

	/** The sender's address is outside the endpoint's allowed sources. */
	FORBIDDEN_SOURCE,

	/** A signature or timestamp header is absent. */
	MISSING_SIGNATURE,

	/** The signature matches none of the endpoint's secrets, or is malformed. */
	INVALID_SIGNATURE,

	/** The timestamp is outside the tolerance. */
	STALE_TIMESTAMP,

	/** The delivery lacks a delivery id, or its payload cannot be parsed. */
	MALFORMED,

	/** The body is larger than the maximum payload size. */
	TOO_LARGE,

	/** The body did not arrive within the read timeout. */
	READ_TIMEOUT,

	/**
	 * The bodies in flight filled the memory budget; refused before the body was read, to be
	 * retried.
	 */
	BUSY,

	/** The delivery store could not be reached. */
	STORE_UNAVAILABLE;

	private final String tagValue = name().toLowerCase(Locale.ROOT);

	/**
	 * The value of the {@code outcome} tag, for example {@code invalid_signature}.
	 * @return the tag value
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
