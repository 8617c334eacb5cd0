package dev.webhookreceiver.benchmarks;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.webhookreceiver.WebhookHandler;
import dev.webhookreceiver.dispatch.PayloadBinder;
import dev.webhookreceiver.dispatch.WebhookDispatcher;
import dev.webhookreceiver.dispatch.WebhookHandlerMethodProcessor;
import dev.webhookreceiver.dispatch.WebhookHandlerRegistry;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Dispatch of one verified delivery: the event built, the handler found in the registry, its
 * arguments resolved and the body bound to its payload type (a record, a {@code JsonNode}, a
 * {@code Map}), the handler called; beside the limit, a direct {@code JsonMapper.readValue} of
 * the body into the same record. The handlers only hand their payload to a {@link Blackhole}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DispatchBenchmark {

	@Benchmark
	public Object limitReadValueRecord(Dispatch dispatch) {
		return dispatch.jsonMapper.readValue(dispatch.body, Payment.class);
	}

	@Benchmark
	public int dispatchRecord(Dispatch dispatch) {
		return dispatch.dispatch("record");
	}

	@Benchmark
	public int dispatchJsonNode(Dispatch dispatch) {
		return dispatch.dispatch("json-node");
	}

	@Benchmark
	public int dispatchMap(Dispatch dispatch) {
		return dispatch.dispatch("map");
	}

	@Benchmark
	public int dispatchNoHandler(Dispatch dispatch) {
		return dispatch.dispatch("unhandled");
	}

	/**
	 * The dispatch beans as the auto-configuration wires them, and a padded JSON body.
	 */
	@State(Scope.Benchmark)
	public static class Dispatch {

		@Param({ "1024", "65536" })
		public int size;

		byte[] body;

		HttpHeaders headers;

		JsonMapper jsonMapper;

		WebhookDispatcher dispatcher;

		AnnotationConfigApplicationContext context;

		@Setup(Level.Trial)
		public void start(Blackhole blackhole) {
			this.body = VerificationBenchmark.Deliveries.body("evt_1", this.size);
			this.headers = new HttpHeaders();
			this.headers.setContentType(MediaType.APPLICATION_JSON);
			this.context = new AnnotationConfigApplicationContext();
			this.context.registerBean(Blackhole.class, () -> blackhole);
			this.context.register(DispatchConfiguration.class);
			this.context.refresh();
			this.jsonMapper = this.context.getBean(JsonMapper.class);
			this.dispatcher = this.context.getBean(WebhookDispatcher.class);
			if (dispatch("record") != 1 || dispatch("json-node") != 1 || dispatch("map") != 1) {
				throw new IllegalStateException("A handler is missing");
			}
		}

		@TearDown(Level.Trial)
		public void stop() {
			this.context.close();
		}

		int dispatch(String eventType) {
			return this.dispatcher.dispatch(this.dispatcher.event("orders", "evt_1", eventType, null, this.headers,
					this.body));
		}

	}

	/**
	 * The part of the event the record handler reads.
	 *
	 * @param id the event id
	 * @param type the event type
	 * @param created when the event was created
	 */
	public record Payment(String id, String type, long created) {
	}

	/**
	 * The beans of dispatch, as the auto-configuration declares them, and the handlers.
	 */
	@Configuration(proxyBeanMethods = false)
	static class DispatchConfiguration {

		@Bean
		JsonMapper jsonMapper() {
			return JsonMapper.builder().build();
		}

		@Bean
		PayloadBinder payloadBinder(JsonMapper jsonMapper) {
			return new PayloadBinder(jsonMapper);
		}

		@Bean
		WebhookHandlerRegistry webhookHandlerRegistry() {
			return new WebhookHandlerRegistry();
		}

		@Bean
		static WebhookHandlerMethodProcessor webhookHandlerMethodProcessor(WebhookHandlerRegistry registry,
				PayloadBinder binder) {
			return new WebhookHandlerMethodProcessor(registry, Set.of("orders"), binder);
		}

		@Bean
		WebhookDispatcher webhookDispatcher(WebhookHandlerRegistry registry, PayloadBinder binder) {
			return new WebhookDispatcher(registry, binder);
		}

		@Bean
		Handlers handlers(Blackhole blackhole) {
			return new Handlers(blackhole);
		}

	}

	/**
	 * One handler per payload type.
	 */
	static class Handlers {

		private final Blackhole blackhole;

		Handlers(Blackhole blackhole) {
			this.blackhole = blackhole;
		}

		@WebhookHandler(endpoint = "orders", event = "record")
		void record(Payment payment) {
			this.blackhole.consume(payment);
		}

		@WebhookHandler(endpoint = "orders", event = "json-node")
		void jsonNode(JsonNode payment) {
			this.blackhole.consume(payment);
		}

		@WebhookHandler(endpoint = "orders", event = "map")
		void map(Map<String, Object> payment) {
			this.blackhole.consume(payment);
		}

	}

}
