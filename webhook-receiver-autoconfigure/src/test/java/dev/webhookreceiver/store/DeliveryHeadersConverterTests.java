package dev.webhookreceiver.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DeliveryHeadersConverter}.
 */
class DeliveryHeadersConverterTests {

	private final DeliveryHeadersConverter converter = new DeliveryHeadersConverter();

	@Test
	void writesTheHeadersAsJacksonWritesThemInTheirOrder() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("X-GitHub-Event", "issues");
		headers.put("content-type", "application/json; charset=\"utf-8\"");
		headers.put("x-odd", "back\\slash, tab\t, newline\n, nul\u0000, é, \u2028, emoji \uD83D\uDE00");
		assertThat(this.converter.convertToDatabaseColumn(headers))
			.isEqualTo(JsonMapper.shared().writeValueAsString(headers));
	}

	@Test
	void readsBackWhatItWroteForAnyCharacters() {
		Random random = new Random(8);
		for (int i = 0; i < 2_000; i++) {
			Map<String, String> headers = new LinkedHashMap<>();
			int count = random.nextInt(6) + 1;
			for (int j = 0; j < count; j++) {
				headers.put(randomText(random), randomText(random));
			}
			String json = this.converter.convertToDatabaseColumn(headers);
			assertThat(json).isEqualTo(JsonMapper.shared().writeValueAsString(headers));
			assertThat(this.converter.convertToEntityAttribute(json)).containsExactlyEntriesOf(headers);
		}
	}

	@Test
	void storesNoHeadersAsNull() {
		assertThat(this.converter.convertToDatabaseColumn(Map.of())).isNull();
		assertThat(this.converter.convertToDatabaseColumn(null)).isNull();
		assertThat(this.converter.convertToEntityAttribute(null)).isNull();
	}

	private static String randomText(Random random) {
		StringBuilder text = new StringBuilder();
		int length = random.nextInt(12);
		for (int i = 0; i < length; i++) {
			int kind = random.nextInt(4);
			char c = switch (kind) {
				case 0 -> (char) random.nextInt(0x20);
				case 1 -> (char) (0x20 + random.nextInt(0x60));
				case 2 -> (char) (0x80 + random.nextInt(0x780));
				default -> "\"\\/\u2028\u2029\u007f".charAt(random.nextInt(6));
			};
			text.append(c);
		}
		return text.toString();
	}

}
