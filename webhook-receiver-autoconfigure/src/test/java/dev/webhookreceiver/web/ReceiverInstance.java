package dev.webhookreceiver.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.webhookreceiver.web.TestDeliveries.Delivery;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * One running instance of {@link ReceiverTestApplication} on a random port, spoken to over real
 * HTTP. Its {@link #main(String[])} runs one in a process of its own, for tests that kill it.
 */
final class ReceiverInstance implements AutoCloseable {

	/** What {@link #main(String[])} prints, followed by the port, once the instance listens. */
	static final String LISTENING = "Receiver listening on port ";

	private static final HttpClient http = HttpClient.newHttpClient();

	private final ConfigurableApplicationContext context;

	private final int port;

	private ReceiverInstance(ConfigurableApplicationContext context) {
		this.context = context;
		this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	/**
	 * Starts an instance in this process and prints {@link #LISTENING} and its port.
	 * @param properties the instance's properties, as {@code name=value}
	 */
	public static void main(String[] properties) {
		ReceiverInstance instance = start(properties);
		System.out.println(LISTENING + instance.port);
	}

	static ReceiverInstance start(String... properties) {
		return start(new Class<?>[0], properties);
	}

	/**
	 * Starts an instance with more configuration, such as beans a test needs.
	 * @param configurations the configuration classes to add
	 * @param properties the instance's properties, as {@code name=value}
	 * @return the instance
	 */
	static ReceiverInstance start(Class<?>[] configurations, String... properties) {
		List<String> all = new ArrayList<>(List.of(properties));
		all.add(ReceiverTestApplication.PROPERTIES);
		all.add("server.port=0");
		all.add("spring.main.banner-mode=off");
		List<Class<?>> sources = new ArrayList<>(List.of(configurations));
		sources.add(0, ReceiverTestApplication.class);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
			.web(WebApplicationType.SERVLET)
			.properties(all.toArray(String[]::new))
			.run();
		return new ReceiverInstance(context);
	}

	HttpResponse<String> send(Delivery delivery) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(delivery.path()))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(delivery.body()));
		delivery.headers().forEach(request::header);
		return send(request.build());
	}

	HttpResponse<String> send(HttpRequest request) {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	ShopHandlers handlers() {
		return this.context.getBean(ShopHandlers.class);
	}

	/**
	 * A {@link MockMvc} on this instance's application context, for requests that need not go
	 * over HTTP.
	 * @return the MockMvc
	 */
	MockMvc mockMvc() {
		return MockMvcBuilders.webAppContextSetup((WebApplicationContext) this.context).build();
	}

	JdbcTemplate jdbc() {
		return this.context.getBean(JdbcTemplate.class);
	}

	/**
	 * Deletes every recorded delivery and every row the handlers wrote, for a test that starts
	 * on a database shared with the tests before it.
	 */
	void clearDatabase() {
		jdbc().update("delete from webhook_delivery");
		jdbc().update("delete from handled_payment");
	}

	SettableClock clock() {
		return this.context.getBean(SettableClock.class);
	}

	double deliveries(String endpoint, String event, String outcome) {
		Counter counter = this.context.getBean(MeterRegistry.class)
			.find("webhook.deliveries")
			.tags("endpoint", endpoint, "event", event, "outcome", outcome)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	boolean isRunning() {
		return this.context.isRunning();
	}

	@Override
	public void close() {
		this.context.close();
	}

}
