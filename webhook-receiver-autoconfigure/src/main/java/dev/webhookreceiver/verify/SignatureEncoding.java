package dev.webhookreceiver.verify;

import java.util.Base64;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/**
 * How a sender writes a signature as text. Decoding never throws: text that is not in the
 * encoding decodes to {@code null}, which a provider reports as an invalid signature.
 */
enum SignatureEncoding {

	/**
	 * Lower-case hexadecimal, as every supported sender writes it. Upper-case digits are
	 * refused, following the senders' own SDKs, which compare the lower-case text.
	 */
	HEX {

		@Override
		byte @Nullable [] decode(String text) {
			if (text.isEmpty() || text.length() % 2 != 0) {
				return null;
			}
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
					return null;
				}
			}
			return HexFormat.of().parseHex(text);
		}

	},

	/**
	 * Standard Base64 (RFC 4648 section 4), padding optional. Only the canonical encoding is
	 * accepted: the JDK's decoder ignores the unused low bits of the last character, so
	 * without this check several texts would decode to the same signature.
	 */
	BASE64 {

		@Override
		byte @Nullable [] decode(String text) {
			if (text.isEmpty()) {
				return null;
			}
			byte[] bytes;
			try {
				bytes = Base64.getDecoder().decode(text);
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
			String canonical = Base64.getEncoder().encodeToString(bytes);
			boolean padded = text.length() == canonical.length();
			return (padded ? canonical.equals(text) : canonical.startsWith(text) && isPadding(canonical, text.length()))
					? bytes : null;
		}

		private boolean isPadding(String canonical, int from) {
			for (int i = from; i < canonical.length(); i++) {
				if (canonical.charAt(i) != '=') {
					return false;
				}
			}
			return true;
		}

	};

	/**
	 * Decodes a signature.
	 * @param text the encoded signature
	 * @return the bytes, or {@code null} if the text is empty or not in this encoding
	 */
	abstract byte @Nullable [] decode(String text);

}
