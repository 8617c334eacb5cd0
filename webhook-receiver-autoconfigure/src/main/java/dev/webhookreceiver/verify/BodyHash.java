package dev.webhookreceiver.verify;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of a body, as the delivery id of senders that send none: a redelivery of the
 * same bytes gets the same id.
 */
final class BodyHash {

	private BodyHash() {
	}

	/**
	 * Hashes a body.
	 * @param body the body bytes
	 * @return the lower-case hex SHA-256
	 */
	static String sha256Hex(byte[] body) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available in this JVM", ex);
		}
	}

}
