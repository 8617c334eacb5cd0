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
	 * Standard Base64 (RFC 4648 section 4), padding optional.
	 */
	BASE64 {

		@Override
		byte @Nullable [] decode(String text) {
			if (text.isEmpty()) {
				return null;
			}
			try {
				return Base64.getDecoder().decode(text);
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
		}

	};

	/**
	 * Decodes a signature.
	 * @param text the encoded signature
	 * @return the bytes, or {@code null} if the text is empty or not in this encoding
	 */
	abstract byte @Nullable [] decode(String text);

}
