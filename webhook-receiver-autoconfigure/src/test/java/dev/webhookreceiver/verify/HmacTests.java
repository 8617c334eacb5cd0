package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Hmac}.
 */
class HmacTests {

	@Test
	void computesGitHubsPublishedTestValue() {
		byte[] hmac = Hmac.SHA256.compute(bytes("It's a Secret to Everybody"), bytes("Hello, World!"));
		assertThat(HexFormat.of().formatHex(hmac))
			.isEqualTo("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
	}

	@Test
	void partsAreSignedAsTheirConcatenation() {
		byte[] key = bytes("key");
		assertThat(Hmac.SHA256.compute(key, bytes("1767225600"), bytes("."), bytes("{}")))
			.isEqualTo(Hmac.SHA256.compute(key, bytes("1767225600.{}")))
			.isEqualTo(TestSignatures.hmacSha256(key, "1767225600.{}"));
	}

	@Test
	void reusedMacDoesNotCarryStateFromThePreviousKeyOrMessage() {
		byte[] first = Hmac.SHA256.compute(bytes("first"), bytes("message"));
		Hmac.SHA256.compute(bytes("other"), bytes("something else"));
		assertThat(Hmac.SHA256.compute(bytes("first"), bytes("message"))).isEqualTo(first);
	}

	@Test
	void computesSha1() {
		byte[] hmac = Hmac.SHA1.compute(bytes("key"), bytes("The quick brown fox jumps over the lazy dog"));
		assertThat(HexFormat.of().formatHex(hmac)).isEqualTo("de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9");
	}

	@Test
	void threadsComputeIndependently() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			List<Future<Boolean>> results = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				String key = "key-" + i;
				String message = "message-" + i;
				results.add(executor.submit(() -> Arrays.equals(Hmac.SHA256.compute(bytes(key), bytes(message)),
						TestSignatures.hmacSha256(bytes(key), message))));
			}
			for (Future<Boolean> result : results) {
				assertThat(result.get(10, TimeUnit.SECONDS)).isTrue();
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
