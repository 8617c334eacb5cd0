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
	 * Hashes a body, or the concatenation of several parts such as a URL and a body.
	 * @param parts the bytes, in order
	 * @return the lower-case hex SHA-256
	 */
	static String sha256Hex(byte[]... parts) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (byte[] part : parts) {
				digest.update(part);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available in this JVM", ex);
		}
	}

}
