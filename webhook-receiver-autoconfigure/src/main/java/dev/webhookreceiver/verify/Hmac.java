package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Computes an HMAC over several parts of a message without copying them together, with a
 * {@link Mac} prepared once per key: keyed, with the key's inner pad already absorbed, and then
 * only cloned for each computation. A clone costs less than initializing a {@code Mac} with the
 * key (which also hashes the inner pad again), works the same on platform and virtual threads,
 * and leaves the prototype untouched, so concurrent computations share it safely
 * ({@code docs/performance.md}, "Verification").
 * <p>
 * The prepared keys of secrets are kept per secret text, as long as the application runs, like
 * the secrets themselves in the endpoints' settings; a provider whose secret is not the key's
 * UTF-8 bytes prepares its keys with {@link #keys(Function)}.
 */
final class Hmac {

	static final Hmac SHA1 = new Hmac("HmacSHA1");

	static final Hmac SHA256 = new Hmac("HmacSHA256");

	static final Hmac SHA512 = new Hmac("HmacSHA512");

	private final String algorithm;

	private final Keys utf8Keys;

	Hmac(String algorithm) {
		this.algorithm = algorithm;
		this.utf8Keys = keys((secret) -> secret.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The algorithm's JCA name.
	 * @return the name, such as {@code HmacSHA256}
	 */
	String algorithm() {
		return this.algorithm;
	}

	/**
	 * Prepares a key, for one computation or many.
	 * @param key the key, not empty
	 * @return the prepared key
	 */
	Key key(byte[] key) {
		return new Key(this.algorithm, key);
	}

	/**
	 * The prepared keys of secrets, each prepared once.
	 * @param keyOf the key of a secret, or {@code null} if the secret is not a valid key
	 * @return the keys, empty until asked for
	 */
	Keys keys(Function<String, byte @Nullable []> keyOf) {
		return new Keys(this, keyOf);
	}

	/**
	 * Computes the HMAC of the concatenation of the given parts.
	 * @param key the key, not empty
	 * @param parts the message, in order
	 * @return the HMAC
	 */
	byte[] compute(byte[] key, byte[]... parts) {
		return key(key).compute(parts);
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
		return this.utf8Keys.signedByAny(secrets, signatures, parts);
	}

	private static Mac newMac(String algorithm) {
		try {
			return Mac.getInstance(algorithm);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(algorithm + " is not available in this JVM", ex);
		}
	}

	/**
	 * A key prepared for an algorithm: a keyed {@code Mac} that is never used itself, only
	 * cloned. Thread-safe.
	 */
	static final class Key {

		private final String algorithm;

		private final byte[] key;

		private final Mac prototype;

		private final boolean cloneable;

		Key(String algorithm, byte[] key) {
			this.algorithm = algorithm;
			this.key = key.clone();
			this.prototype = keyed(algorithm, this.key);
			// an empty update hashes the key's inner pad, which every clone then starts from
			this.prototype.update(new byte[0]);
			this.cloneable = isCloneable(this.prototype);
		}

		/**
		 * Computes the HMAC of the concatenation of the given parts.
		 * @param parts the message, in order
		 * @return the HMAC
		 */
		byte[] compute(byte[]... parts) {
			Mac mac = newMac();
			for (byte[] part : parts) {
				mac.update(part);
			}
			return mac.doFinal();
		}

		private Mac newMac() {
			if (this.cloneable) {
				try {
					return (Mac) this.prototype.clone();
				}
				catch (CloneNotSupportedException ex) {
					// checked once when prepared; fall through
				}
			}
			return keyed(this.algorithm, this.key);
		}

		private static Mac keyed(String algorithm, byte[] key) {
			Mac mac = Hmac.newMac(algorithm);
			try {
				mac.init(new SecretKeySpec(key, algorithm));
			}
			catch (InvalidKeyException ex) {
				throw new IllegalStateException("Key rejected by " + algorithm, ex);
			}
			return mac;
		}

		private static boolean isCloneable(Mac mac) {
			try {
				mac.clone();
				return true;
			}
			catch (CloneNotSupportedException ex) {
				return false;
			}
		}

	}

	/**
	 * The prepared keys of secrets, each prepared the first time it is used. Thread-safe.
	 */
	static final class Keys {

		/** Secrets are a handful per endpoint; a bound keeps ever-new secret texts from filling memory. */
		private static final int MAX_KEYS = 1024;

		private final Hmac hmac;

		private final Function<String, byte @Nullable []> keyOf;

		private final Map<String, Key> keys = new ConcurrentHashMap<>();

		Keys(Hmac hmac, Function<String, byte @Nullable []> keyOf) {
			this.hmac = hmac;
			this.keyOf = keyOf;
		}

		/**
		 * The prepared key of a secret.
		 * @param secret the secret, as configured
		 * @return the key, or {@code null} if the secret is empty or not a valid key
		 */
		@Nullable Key of(String secret) {
			Key key = this.keys.get(secret);
			if (key == null) {
				byte[] bytes = this.keyOf.apply(secret);
				if (bytes == null || bytes.length == 0) {
					return null;
				}
				if (this.keys.size() >= MAX_KEYS) {
					this.keys.clear();
				}
				key = this.keys.computeIfAbsent(secret, (text) -> this.hmac.key(bytes));
			}
			return key;
		}

		/**
		 * Whether any of the signatures is the HMAC of the message keyed with any of the
		 * secrets, compared in constant time. Empty and invalid secrets never match.
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
				Key key = of(secret);
				if (key != null && ConstantTime.equalsAny(key.compute(parts), signatures)) {
					return true;
				}
			}
			return false;
		}

	}

}
