package dev.webhookreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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

	@Test
	void onePreparedKeyComputesForManyThreadsAtOnce() throws Exception {
		Hmac.Key key = Hmac.SHA256.key(bytes("shared-secret"));
		int threads = 8;
		CountDownLatch ready = new CountDownLatch(threads);
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Integer>> mismatches = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				mismatches.add(executor.submit(() -> {
					ready.countDown();
					start.await();
					int wrong = 0;
					for (int i = 0; i < 500; i++) {
						String message = "message-" + thread + "-" + i;
						if (!Arrays.equals(key.compute(bytes(message.substring(0, 8)), bytes(message.substring(8))),
								TestSignatures.hmacSha256(bytes("shared-secret"), message))) {
							wrong++;
						}
					}
					return wrong;
				}));
			}
			assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
			start.countDown();
			for (Future<Integer> result : mismatches) {
				assertThat(result.get(30, TimeUnit.SECONDS)).isZero();
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void aPreparedKeyGivesTheSameHmacOnEveryUse() {
		Hmac.Key key = Hmac.SHA512.key(bytes("key"));
		byte[] first = key.compute(bytes("message"));
		key.compute(bytes("something else"));
		assertThat(key.compute(bytes("mess"), bytes("age"))).isEqualTo(first)
			.isEqualTo(Hmac.SHA512.compute(bytes("key"), bytes("message")));
	}

	@Test
	void anyOfSeveralSecretsMaySign() {
		List<byte[]> signedByNew = List.of(Hmac.SHA256.compute(bytes("new"), bytes("body")));
		assertThat(Hmac.SHA256.signedByAny(List.of("old", "new"), signedByNew, bytes("body"))).isTrue();
		assertThat(Hmac.SHA256.signedByAny(List.of("new", "old"), signedByNew, bytes("bo"), bytes("dy"))).isTrue();
		assertThat(Hmac.SHA256.signedByAny(List.of("old"), signedByNew, bytes("body"))).isFalse();
		assertThat(Hmac.SHA256.signedByAny(List.of("", "old"), signedByNew, bytes("body"))).isFalse();
		assertThat(Hmac.SHA256.signedByAny(List.of("new"), List.of(), bytes("body"))).isFalse();
	}

	@Test
	void keysOfOtherEncodingsArePreparedApartFromUtf8Keys() {
		Hmac.Keys base64Keys = Hmac.SHA256.keys((secret) -> SignatureEncoding.BASE64.decode(secret));
		String secret = "c2VjcmV0";
		List<byte[]> signedByDecoded = List.of(Hmac.SHA256.compute(bytes("secret"), bytes("body")));
		assertThat(Hmac.SHA256.signedByAny(List.of(secret), signedByDecoded, bytes("body"))).isFalse();
		assertThat(base64Keys.signedByAny(List.of(secret), signedByDecoded, bytes("body"))).isTrue();
		assertThat(base64Keys.of("not base64!")).isNull();
		assertThat(base64Keys.of(secret)).isSameAs(base64Keys.of(secret));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
