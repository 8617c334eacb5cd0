package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes an HMAC over several parts of a message without copying them together. One
 * {@link Mac} is kept per thread and initialized with the key on every use, so no secret
 * outlives the computation in a shared object.
 */
final class Hmac {

	static final Hmac SHA1 = new Hmac("HmacSHA1");

	static final Hmac SHA256 = new Hmac("HmacSHA256");

	static final Hmac SHA512 = new Hmac("HmacSHA512");

	private final String algorithm;

	private final ThreadLocal<Mac> macs;

	Hmac(String algorithm) {
		this.algorithm = algorithm;
		this.macs = ThreadLocal.withInitial(() -> newMac(algorithm));
	}

	/**
	 * The algorithm's JCA name.
	 * @return the name, such as {@code HmacSHA256}
	 */
	String algorithm() {
		return this.algorithm;
	}

	/**
	 * Computes the HMAC of the concatenation of the given parts.
	 * @param key the key, not empty
	 * @param parts the message, in order
	 * @return the HMAC
	 */
	byte[] compute(byte[] key, byte[]... parts) {
		Mac mac = this.macs.get();
		try {
			mac.init(new SecretKeySpec(key, this.algorithm));
		}
		catch (InvalidKeyException ex) {
			throw new IllegalStateException("Key rejected by " + this.algorithm, ex);
		}
		for (byte[] part : parts) {
			mac.update(part);
		}
		return mac.doFinal();
	}

	/**
	 * Whether any of the signatures is the HMAC of the message keyed with the UTF-8 bytes of
	 * any of the secrets, compared in constant time. Empty secrets never match.
	 * @param secrets the secrets, as configured
	 * @param signatures the decoded signatures the sender sent
	 * @param parts the message, in order
	 * @return whether a signature matches
	 */
	boolean signedByAny(List<String> secrets, List<byte[]> signatures, byte[]... parts) {
		if (signatures.isEmpty()) {
			return false;
		}
		for (String secret : secrets) {
			if (!secret.isEmpty()
					&& ConstantTime.equalsAny(compute(secret.getBytes(StandardCharsets.UTF_8), parts), signatures)) {
				return true;
			}
		}
		return false;
	}

	private static Mac newMac(String algorithm) {
		try {
			return Mac.getInstance(algorithm);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(algorithm + " is not available in this JVM", ex);
		}
	}

}
