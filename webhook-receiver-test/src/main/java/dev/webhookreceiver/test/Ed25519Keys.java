package dev.webhookreceiver.test;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys for the providers that sign with them, in the forms they are configured:
 * Discord's application public key in hex, and Standard Webhooks' {@code whpk_} public key and
 * {@code whsk_} signing secret.
 * <pre class="code">
 * KeyPair keys = Ed25519Keys.generate();
 * String discordPublicKey = Ed25519Keys.publicKeyHex(keys);            // the endpoint's secret
 * SignedDelivery delivery = WebhookSigners.discord(keys.getPrivate()).sign();
 * </pre>
 */
public final class Ed25519Keys {

	/** The DER header of a PKCS #8 Ed25519 private key (RFC 8410), before the 32-byte seed. */
	private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");

	private static final int KEY_LENGTH = 32;

	private Ed25519Keys() {
	}

	/**
	 * Generates a key pair.
	 * @return a new Ed25519 key pair
	 */
	public static KeyPair generate() {
		try {
			return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Ed25519 is not available in this JVM", ex);
		}
	}

	/**
	 * The private key of a 32-byte seed, as senders such as Discord and Svix keep it.
	 * @param seed the 32 bytes of the seed
	 * @return the private key
	 */
	public static PrivateKey privateKey(byte[] seed) {
		if (seed.length != KEY_LENGTH) {
			throw new IllegalArgumentException("An Ed25519 seed has 32 bytes, not " + seed.length);
		}
		byte[] encoded = Arrays.copyOf(PKCS8_PREFIX, PKCS8_PREFIX.length + KEY_LENGTH);
		System.arraycopy(seed, 0, encoded, PKCS8_PREFIX.length, KEY_LENGTH);
		try {
			return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(encoded));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Ed25519 is not available in this JVM", ex);
		}
	}

	/**
	 * The public key in hex, as Discord's Developer Portal shows it: the secret of a
	 * {@code discord} endpoint.
	 * @param keys the key pair
	 * @return 64 hex digits
	 */
	public static String publicKeyHex(KeyPair keys) {
		return HexFormat.of().formatHex(raw(keys.getPublic()));
	}

	/**
	 * The public key as a Standard Webhooks sender publishes it: the secret of a
	 * {@code standard-webhooks} or {@code svix} endpoint that verifies {@code v1a} signatures.
	 * @param keys the key pair
	 * @return {@code whpk_} followed by the Base64 of the 32-byte key
	 */
	public static String standardWebhooksPublicKey(KeyPair keys) {
		return "whpk_" + Base64.getEncoder().encodeToString(raw(keys.getPublic()));
	}

	/**
	 * The signing secret of a Standard Webhooks sender, for
	 * {@link WebhookSigners#standardWebhooks(String)}.
	 * @param keys the key pair
	 * @return {@code whsk_} followed by the Base64 of the 32-byte seed and the 32-byte public key
	 */
	public static String standardWebhooksSigningSecret(KeyPair keys) {
		byte[] encoded = keys.getPrivate().getEncoded();
		byte[] secret = Arrays.copyOfRange(encoded, encoded.length - KEY_LENGTH, encoded.length + KEY_LENGTH);
		System.arraycopy(raw(keys.getPublic()), 0, secret, KEY_LENGTH, KEY_LENGTH);
		return "whsk_" + Base64.getEncoder().encodeToString(secret);
	}

	private static byte[] raw(PublicKey key) {
		byte[] encoded = key.getEncoded();
		return Arrays.copyOfRange(encoded, encoded.length - KEY_LENGTH, encoded.length);
	}

}
