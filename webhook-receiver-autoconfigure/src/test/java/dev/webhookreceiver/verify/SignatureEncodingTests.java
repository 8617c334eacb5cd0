package dev.webhookreceiver.verify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SignatureEncoding}.
 */
class SignatureEncodingTests {

	@Test
	void decodesLowerCaseHex() {
		assertThat(SignatureEncoding.HEX.decode("00ff7f")).containsExactly(0x00, 0xff, 0x7f);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "0", "abc", "00FF", "zz", "0x00", " 00", "00 ", "+1", "é0" })
	void malformedHexDecodesToNull(String text) {
		assertThat(SignatureEncoding.HEX.decode(text)).isNull();
	}

	@Test
	void decodesBase64() {
		assertThat(SignatureEncoding.BASE64.decode("AP9/")).containsExactly(0x00, 0xff, 0x7f);
		assertThat(SignatureEncoding.BASE64.decode("AP8=")).containsExactly(0x00, 0xff);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "A", "AP8=A", "AP*/", "AP-_", "====", "AP 9/" })
	void malformedBase64DecodesToNull(String text) {
		assertThat(SignatureEncoding.BASE64.decode(text)).isNull();
	}

	@Test
	void decodesBase64WithoutPadding() {
		assertThat(SignatureEncoding.BASE64.decode("AP8")).containsExactly(0x00, 0xff);
	}

	@ParameterizedTest
	@ValueSource(strings = { "AP9=", "AP9", "AP/=", "AB==", "AP==" })
	void base64WithUnusedBitsSetDecodesToNull(String text) {
		assertThat(SignatureEncoding.BASE64.decode(text)).isNull();
	}

}
