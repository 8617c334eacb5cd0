package dev.webhookreceiver.verify;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

/**
 * A signature header made of {@code key=value} items, one of them the timestamp and any number
 * of them hex signatures, such as Stripe's {@code t=..,v1=..,v1=..} or Paddle's
 * {@code ts=..;h1=..}. Items with other keys are ignored, so that an older scheme cannot be
 * used to downgrade.
 *
 * @param timestamp the timestamp item's value, as sent
 * @param signatures the signature items' values that decode as hex
 */
record TimestampedSignatures(String timestamp, List<byte[]> signatures) {

	/**
	 * Parses a header.
	 * @param name the header name, for messages
	 * @param value the header value
	 * @param separator the character between items
	 * @param timestampKey the key of the timestamp
	 * @param signatureKey the key of the signatures
	 * @return the timestamp and signatures
	 * @throws WebhookRejectedException {@link Reason#INVALID_SIGNATURE} if an item is not
	 * {@code key=value}, the timestamp is absent or repeated, there is no signature, or there
	 * are more than {@link SignatureHeader#MAX_SIGNATURES} items besides the timestamp
	 */
	static TimestampedSignatures parse(String name, String value, char separator, String timestampKey,
			String signatureKey) {
		String[] items = value.split(String.valueOf(separator), -1);
		SignatureHeader.checkSignatureCount(name, items.length - 1);
		String timestamp = null;
		int signatureCount = 0;
		List<byte[]> signatures = new ArrayList<>();
		for (String item : items) {
			int equals = item.indexOf('=');
			if (equals <= 0) {
				throw SignatureHeader.invalid("The " + name + " header is not a list of key=value items");
			}
			String key = item.substring(0, equals);
			if (key.equals(timestampKey)) {
				if (timestamp != null) {
					throw SignatureHeader.invalid("The " + name + " header has more than one " + timestampKey + "=");
				}
				timestamp = item.substring(equals + 1);
			}
			else if (key.equals(signatureKey)) {
				signatureCount++;
				byte @Nullable [] signature = SignatureEncoding.HEX.decode(item.substring(equals + 1));
				if (signature != null) {
					signatures.add(signature);
				}
			}
		}
		if (timestamp == null) {
			throw SignatureHeader.invalid("The " + name + " header has no " + timestampKey + "= timestamp");
		}
		if (signatureCount == 0) {
			throw SignatureHeader.invalid("The " + name + " header has no " + signatureKey + "= signature");
		}
		return new TimestampedSignatures(timestamp, signatures);
	}

}
