package dev.webhookreceiver.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deliveries of {@link VerificationBenchmark}, timed by the CPU time of the thread that
 * verifies them instead of the wall clock: on a machine shared with other builds, time spent
 * waiting for a core does not count. Each candidate runs in turn, in rounds, and the median of
 * the rounds is printed, in microseconds per delivery. Not run by the build:
 * <pre>
 * java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
 *     dev.webhookreceiver.benchmarks.VerificationCpuTime 1024 65536
 * </pre>
 */
public final class VerificationCpuTime {

	private static final int ROUNDS = 15;

	private VerificationCpuTime() {
	}

	public static void main(String[] args) throws Exception {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		for (String size : (args.length > 0) ? args : new String[] { "1024", "65536" }) {
			VerificationBenchmark.Deliveries deliveries = new VerificationBenchmark.Deliveries();
			deliveries.size = Integer.parseInt(size);
			deliveries.sign();
			Map<String, Runnable> candidates = new LinkedHashMap<>();
			candidates.put("limitRawJdkHmac", () -> deliveries.mac.get().doFinal(deliveries.body));
			candidates.put("receiverShopify", deliveries.shopify::verify);
			candidates.put("receiverGitHub", deliveries.github::verify);
			candidates.put("receiverStripe", deliveries.stripe::verify);
			candidates.put("receiverStripeWholeBody", deliveries.stripe::verifyWholeBody);
			candidates.put("receiverStripeTypeLast", deliveries.stripeTypeLast::verify);
			candidates.put("receiverSvix", deliveries.svix::verify);
			candidates.put("receiverSvixWholeBody", deliveries.svix::verifyWholeBody);
			candidates.put("receiverSlack", deliveries.slack::verify);
			candidates.put("receiverHmac", deliveries.hmac::verify);
			candidates.put("receiverTwilio", deliveries.twilio::verify);
			candidates.put("peerSvixJavaVerify", () -> {
				try {
					deliveries.svixWebhook.verify(new String(deliveries.body, StandardCharsets.UTF_8),
							deliveries.svixHeaders);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			int calls = (deliveries.size <= 1024) ? 20_000 : 500;
			Map<String, List<Double>> rounds = new LinkedHashMap<>();
			for (int round = -3; round < ROUNDS; round++) {
				for (Map.Entry<String, Runnable> candidate : candidates.entrySet()) {
					long start = threads.getCurrentThreadCpuTime();
					for (int i = 0; i < calls; i++) {
						candidate.getValue().run();
					}
					double micros = (threads.getCurrentThreadCpuTime() - start) / 1000.0 / calls;
					if (round >= 0) {
						rounds.computeIfAbsent(candidate.getKey(), (key) -> new ArrayList<>()).add(micros);
					}
				}
			}
			rounds.forEach((name, times) -> {
				double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
				System.out.printf("%s %s median %.3f min %.3f%n", size, name, sorted[sorted.length / 2],
						Arrays.stream(sorted).min().orElseThrow());
			});
		}
	}

}
