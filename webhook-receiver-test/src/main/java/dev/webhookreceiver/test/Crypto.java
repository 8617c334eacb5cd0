package dev.webhookreceiver.test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JDK's MACs, digests and Ed25519, over messages given in parts.
 */
final class Crypto {

	private Crypto() {
	}

	static byte[] hmac(String algorithm, byte[] key, byte[]... parts) {
		try {
			Mac mac = Mac.getInstance(algorithm);
			mac.init(new SecretKeySpec(key, algorithm));
			for (byte[] part : parts) {
				mac.update(part);
			}
			return mac.doFinal();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot compute " + algorithm, ex);
		}
	}

	static byte[] hmacSha256(String key, byte[]... parts) {
		return hmac("HmacSHA256", utf8(key), parts);
	}

	static byte[] ed25519(PrivateKey key, byte[]... parts) {
		try {
			Signature signature = Signature.getInstance("Ed25519");
			signature.initSign(key);
			for (byte[] part : parts) {
				signature.update(part);
			}
			return signature.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot sign with Ed25519", ex);
		}
	}

	static String sha256Hex(byte[] bytes) {
		try {
			return hex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

	static String base64(byte[] bytes) {
		return Base64.getEncoder().encodeToString(bytes);
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
