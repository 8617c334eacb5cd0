package dev.webhookreceiver.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A load of large deliveries at once, to measure the heap of a running receiver against its
 * memory budget ({@code webhook.receiver.max-in-flight}, docs/reliability.md, "Memory budget").
 * <p>
 * Sends a fixed number of rounds of concurrent signed GitHub {@code issues.opened} deliveries,
 * each a JSON body padded to the given size, to {@code http://localhost:<port>/webhooks/github}
 * (the sample app's endpoint and its development secret), waits for every answer of a round
 * before the next, and prints the count of each status; {@code failed} counts the deliveries
 * that got no answer, typically a connection the server closed while the body was still being
 * sent (a delivery refused before its body was read). Loopback only; not run by the build:
 * <pre>
 * java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
 *     dev.webhookreceiver.benchmarks.LargeBodiesLoad 8080 64 9437184 3
 * </pre>
 * Arguments: port, concurrent deliveries per round, body size in bytes, rounds.
 */
public final class LargeBodiesLoad {

	static final String GITHUB_SECRET = "dev-only-github-secret";

	private static final String FAILED = "failed";

	private LargeBodiesLoad() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 4) {
			System.err.println("Usage: LargeBodiesLoad <port> <concurrent> <body size in bytes> <rounds>");
			System.exit(2);
		}
		int port = Integer.parseInt(args[0]);
		int concurrent = Integer.parseInt(args[1]);
		int size = Integer.parseInt(args[2]);
		int rounds = Integer.parseInt(args[3]);
		URI uri = URI.create("http://localhost:" + port + "/webhooks/github");
		byte[] body = body(size);
		String signature = "sha256="
				+ VerificationBenchmark.Deliveries.hex(VerificationBenchmark.Deliveries
					.hmac(GITHUB_SECRET.getBytes(StandardCharsets.UTF_8), body));
		ExecutorService executor = Executors.newFixedThreadPool(concurrent);
		try {
			HttpClient client = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(Duration.ofSeconds(10))
				.executor(executor)
				.build();
			Map<String, Integer> total = new TreeMap<>();
			for (int round = 1; round <= rounds; round++) {
				long start = System.nanoTime();
				List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>(concurrent);
				for (int i = 0; i < concurrent; i++) {
					HttpRequest request = HttpRequest.newBuilder(uri)
						.timeout(Duration.ofMinutes(2))
						.header("Content-Type", "application/json")
						.header("X-GitHub-Event", "issues")
						.header("X-GitHub-Delivery", UUID.randomUUID().toString())
						.header("X-Hub-Signature-256", signature)
						.POST(HttpRequest.BodyPublishers.ofByteArray(body))
						.build();
					answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
				}
				Map<String, Integer> statuses = new TreeMap<>();
				Throwable firstFailure = null;
				for (CompletableFuture<HttpResponse<String>> answer : answers) {
					String status;
					try {
						status = Integer.toString(answer.get().statusCode());
					}
					catch (ExecutionException ex) {
						status = FAILED;
						if (firstFailure == null) {
							firstFailure = ex.getCause();
						}
					}
					statuses.merge(status, 1, Integer::sum);
					total.merge(status, 1, Integer::sum);
				}
				System.out.printf("round %d: %s in %d ms%n", round, statuses,
						Duration.ofNanos(System.nanoTime() - start).toMillis());
				if (firstFailure != null) {
					System.out.printf("  first failure: %s%n", firstFailure);
				}
			}
			System.out.printf("total (%d x %d deliveries of %d bytes): %s%n", rounds, concurrent, size, total);
		}
		finally {
			executor.shutdownNow();
		}
	}

	/**
	 * An {@code issues.opened} event padded with {@code x} to exactly {@code size} bytes.
	 */
	static byte[] body(int size) {
		byte[] prefix = ("{\"action\":\"opened\",\"issue\":{\"number\":1,\"title\":\"Large body\"},"
				+ "\"repository\":{\"full_name\":\"octo/load\"},\"pad\":\"").getBytes(StandardCharsets.US_ASCII);
		if (size < prefix.length + 2) {
			throw new IllegalArgumentException("the body size must be at least " + (prefix.length + 2) + " bytes");
		}
		byte[] body = new byte[size];
		Arrays.fill(body, (byte) 'x');
		System.arraycopy(prefix, 0, body, 0, prefix.length);
		body[size - 2] = '"';
		body[size - 1] = '}';
		return body;
	}

}
