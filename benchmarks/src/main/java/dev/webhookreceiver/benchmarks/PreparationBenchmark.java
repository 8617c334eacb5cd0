package dev.webhookreceiver.benchmarks;

import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two costs of verification besides the MAC itself, each way of paying them side by side:
 * <ul>
 * <li>a keyed HMAC-SHA256: a per-thread {@code Mac} initialized with the key on every call (the
 * receiver before issue 8), a per-thread {@code Mac} keyed once, a clone of a keyed prototype,
 * and a clone of a prototype that has already absorbed the key's inner pad;</li>
 * <li>the id and type of a JSON body: the whole tree ({@code readTree}), a streaming parser
 * that stops when it has both, and one that then reads the rest of the document to check it
 * is well-formed, skipping its values without building or decoding them.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PreparationBenchmark {

	@Benchmark
	public byte[] macInitEveryCall(Prepared prepared) throws Exception {
		Mac mac = prepared.unkeyed.get();
		mac.init(new SecretKeySpec(prepared.key, "HmacSHA256"));
		mac.update(prepared.body);
		return mac.doFinal();
	}

	@Benchmark
	public byte[] macPerThreadKeyedOnce(Prepared prepared) {
		Mac mac = prepared.keyed.get();
		mac.update(prepared.body);
		return mac.doFinal();
	}

	@Benchmark
	public byte[] macCloneOfKeyed(Prepared prepared) throws Exception {
		Mac mac = (Mac) prepared.prototype.clone();
		mac.update(prepared.body);
		return mac.doFinal();
	}

	@Benchmark
	public byte[] macCloneOfKeyedWithInnerPad(Prepared prepared) throws Exception {
		Mac mac = (Mac) prepared.padded.clone();
		mac.update(prepared.body);
		return mac.doFinal();
	}

	@Benchmark
	public Object jsonReadTree(Prepared prepared) {
		JsonNode root = prepared.jsonMapper.readTree(prepared.body);
		return root.get("id").stringValue() + root.get("type").stringValue();
	}

	@Benchmark
	public Object jsonStreamUntilFound(Prepared prepared) {
		return stream(prepared, false);
	}

	@Benchmark
	public Object jsonStreamToTheEnd(Prepared prepared) {
		return stream(prepared, true);
	}

	private static String stream(Prepared prepared, boolean toTheEnd) {
		try (JsonParser parser = prepared.jsonMapper.createParser(prepared.body)) {
			String id = null;
			String type = null;
			parser.nextToken();
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if (value == JsonToken.VALUE_STRING && name.equals("id")) {
					id = parser.getString();
				}
				else if (value == JsonToken.VALUE_STRING && name.equals("type")) {
					type = parser.getString();
				}
				else {
					parser.skipChildren();
				}
				if (!toTheEnd && id != null && type != null) {
					return id + type;
				}
			}
			if (parser.nextToken() != null) {
				throw new IllegalStateException("Trailing content");
			}
			return id + type;
		}
	}

	/**
	 * A key, a padded JSON event, and the prepared MACs.
	 */
	@State(Scope.Benchmark)
	public static class Prepared {

		@Param({ "1024", "65536" })
		public int size;

		byte[] key = VerificationBenchmark.Deliveries.utf8("benchmark-only-secret");

		byte[] body;

		ThreadLocal<Mac> unkeyed;

		ThreadLocal<Mac> keyed;

		Mac prototype;

		Mac padded;

		JsonMapper jsonMapper = JsonMapper.builder().build();

		@Setup(Level.Trial)
		public void prepare() throws Exception {
			this.body = VerificationBenchmark.Deliveries.body("evt_1", this.size);
			this.unkeyed = ThreadLocal.withInitial(() -> VerificationBenchmark.Deliveries.mac("HmacSHA256", new byte[1]));
			this.keyed = ThreadLocal.withInitial(() -> VerificationBenchmark.Deliveries.mac("HmacSHA256", this.key));
			this.prototype = VerificationBenchmark.Deliveries.mac("HmacSHA256", this.key);
			this.padded = VerificationBenchmark.Deliveries.mac("HmacSHA256", this.key);
			this.padded.update(new byte[0]);
		}

	}

}
