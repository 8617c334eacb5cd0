package dev.webhookreceiver.verify;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/**
 * Verifies Ed25519 signatures with the JDK's EdDSA, given raw 32-byte public keys as senders
 * publish them. Neither method throws for malformed input.
 */
final class Ed25519 {

	/** The DER header of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410), before the 32 key bytes. */
	private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

	private static final int KEY_LENGTH = 32;

	private static final int SIGNATURE_LENGTH = 64;

	private Ed25519() {
	}

	/**
	 * Reads a raw public key.
	 * @param raw the 32 bytes of the key
	 * @return the key, or {@code null} if the bytes are not an Ed25519 public key
	 */
	static @Nullable PublicKey publicKey(byte[] raw) {
		if (raw.length != KEY_LENGTH) {
			return null;
		}
		byte[] encoded = new byte[X509_PREFIX.length + KEY_LENGTH];
		System.arraycopy(X509_PREFIX, 0, encoded, 0, X509_PREFIX.length);
		System.arraycopy(raw, 0, encoded, X509_PREFIX.length, KEY_LENGTH);
		try {
			return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
		}
		catch (InvalidKeySpecException ex) {
			return null;
		}
		catch (NoSuchAlgorithmException ex) {
			throw unavailable(ex);
		}
	}

	/**
	 * Whether a signature over the concatenation of the given parts verifies with a key.
	 * @param key the public key
	 * @param signature the signature sent
	 * @param parts the signed message, in order
	 * @return whether the signature is valid
	 */
	static boolean verify(PublicKey key, byte[] signature, byte[]... parts) {
		if (signature.length != SIGNATURE_LENGTH) {
			return false;
		}
		try {
			Signature verifier = Signature.getInstance("Ed25519");
			verifier.initVerify(key);
			for (byte[] part : parts) {
				verifier.update(part);
			}
			return verifier.verify(signature);
		}
		catch (SignatureException | InvalidKeyException ex) {
			return false;
		}
		catch (NoSuchAlgorithmException ex) {
			throw unavailable(ex);
		}
	}

	private static IllegalStateException unavailable(GeneralSecurityException ex) {
		return new IllegalStateException("Ed25519 is not available in this JVM", ex);
	}

}
