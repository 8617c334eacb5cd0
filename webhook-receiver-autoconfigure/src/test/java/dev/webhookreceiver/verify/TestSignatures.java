package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Signs what {@code webhook-receiver-test}'s signers cannot express (malformed headers, parts
 * of messages), independently of the code under test, and builds requests.
 */
public final class TestSignatures {

	private TestSignatures() {
	}

	static byte[] hmacSha256(byte[] key, String message) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static byte[] hmac(String algorithm, byte[] key, byte[] message) {
		try {
			Mac mac = Mac.getInstance(algorithm);
			mac.init(new SecretKeySpec(key, algorithm));
			return mac.doFinal(message);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String hmacSha1Base64(String key, String message) {
		byte[] hmac = hmac("HmacSHA1", key.getBytes(StandardCharsets.UTF_8), message.getBytes(StandardCharsets.UTF_8));
		return Base64.getEncoder().encodeToString(hmac);
	}

	static String sha256Hex(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String hmacSha256Hex(String key, String message) {
		return HexFormat.of().formatHex(hmacSha256(key.getBytes(StandardCharsets.UTF_8), message));
	}

	static String hmacSha256Base64(byte[] key, String message) {
		return Base64.getEncoder().encodeToString(hmacSha256(key, message));
	}

	public static String ed25519SignatureHex(PrivateKey key, String message) {
		try {
			Signature signature = Signature.getInstance("Ed25519");
			signature.initSign(key);
			signature.update(message.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(signature.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An endpoint's settings with {@code delivery-id} and {@code event-type} expressions, which
	 * override where a preset reads them.
	 */
	static WebhookEndpoint overriding(WebhookEndpoint endpoint, @Nullable String deliveryId,
			@Nullable String eventType) {
		return new WebhookEndpoint(endpoint.name(), endpoint.path(), endpoint.provider(), endpoint.secrets(),
				endpoint.tolerance(), endpoint.signature(), endpoint.timestamp(), deliveryId, eventType);
	}

	static WebhookRequest request(Map<String, String> headers, String body) {
		HttpHeaders httpHeaders = new HttpHeaders();
		headers.forEach(httpHeaders::add);
		return new WebhookRequest("https://hooks.example.com/webhooks/test", httpHeaders,
				body.getBytes(StandardCharsets.UTF_8));
	}

}
