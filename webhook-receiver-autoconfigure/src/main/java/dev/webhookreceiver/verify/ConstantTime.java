package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Comparisons whose duration does not tell an attacker how close a guess was.
 */
final class ConstantTime {

	private ConstantTime() {
	}

	/**
	 * Whether any of the candidates equals the expected signature. All candidates are
	 * compared, so the duration does not reveal which one matched.
	 * @param expected the signature computed with a secret
	 * @param candidates the signatures the sender sent
	 * @return whether one matches
	 */
	static boolean equalsAny(byte[] expected, List<byte[]> candidates) {
		boolean match = false;
		for (byte[] candidate : candidates) {
			match |= MessageDigest.isEqual(expected, candidate);
		}
		return match;
	}

	/**
	 * Whether a token sent in a request equals a configured secret. Both are hashed first so
	 * that not even the length of the secret shows in the duration.
	 * @param token the token sent
	 * @param secret the configured secret
	 * @return whether they are equal
	 */
	static boolean tokenEquals(String token, String secret) {
		return MessageDigest.isEqual(sha256(token), sha256(secret));
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available in this JVM", ex);
		}
	}

}
