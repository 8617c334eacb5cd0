package dev.webhookreceiver.gettingstarted;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.webhookreceiver.test.SignedDelivery;
import dev.webhookreceiver.test.WebhookSigners;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application of {@code docs/getting-started.md}: the starter with an in-memory H2
 * database, the page's {@code application.yml} ({@code gettingstarted/application.yml}) and
 * handler ({@link IssueWebhooks}), sent the page's {@code curl} delivery over HTTP: its body,
 * delivery id and event, signed with its secret. The tests also check that the page still
 * shows that configuration, handler and delivery.
 */
@SpringBootTest(classes = GettingStartedExampleTests.GettingStartedApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.location=classpath:/gettingstarted/application.yml",
				"GITHUB_WEBHOOK_SECRET=" + GettingStartedExampleTests.SECRET })
@ExtendWith(OutputCaptureExtension.class)
class GettingStartedExampleTests {

	static final String SECRET = "my-local-secret";

	private static final String DELIVERY_ID = "6b1f3c1e-0000-4000-8000-000000000001";

	private static final Path PAGE = Path.of("..", "docs", "getting-started.md");

	@LocalServerPort
	private int port;

	@Test
	void theCurlDeliveryIsProcessedOnceByTheHandler(CapturedOutput output) throws Exception {
		String body = heredoc(page()) + "\n";

		HttpResponse<String> first = send(body);
		HttpResponse<String> second = send(body);

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.body()).contains("\"status\":\"processed\"").contains(DELIVERY_ID);
		assertThat(second.statusCode()).isEqualTo(200);
		assertThat(second.body()).contains("\"status\":\"duplicate\"");
		String printed = "Issue #1 opened, delivery " + DELIVERY_ID;
		assertThat(output.getOut()).containsOnlyOnce(printed);
	}

	@Test
	void thePageShowsThisConfigurationHandlerAndDelivery() throws IOException {
		String page = page();
		assertThat(page).contains(resource("gettingstarted/application.yml"));
		assertThat(page).contains(handlerAsThePageShowsIt());
		assertThat(page).contains("-H 'X-GitHub-Event: issues'", "-H 'X-GitHub-Delivery: " + DELIVERY_ID + "'",
				"export GITHUB_WEBHOOK_SECRET=" + SECRET);
	}

	private HttpResponse<String> send(String body) throws IOException, InterruptedException {
		// signed as the page's openssl command signs it: the HMAC-SHA256 of the exact bytes
		SignedDelivery delivery = WebhookSigners.github(SECRET).event("issues").deliveryId(DELIVERY_ID).body(body).sign();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/webhooks/github"))
			.POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
		delivery.headers().forEach((name, values) -> values.forEach((value) -> request.header(name, value)));
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String page() throws IOException {
		return Files.readString(PAGE);
	}

	private static String heredoc(String page) {
		Matcher matcher = Pattern.compile("cat > issue\\.json <<'EOF'\\n(.*?)\\nEOF", Pattern.DOTALL).matcher(page);
		assertThat(matcher.find()).as("the page's issue.json").isTrue();
		return matcher.group(1);
	}

	private static String resource(String name) throws IOException {
		return Files.readString(Path.of("src", "test", "resources", name));
	}

	/**
	 * The source of {@link IssueWebhooks} as the page shows it: without its package line and
	 * comment, indented with four spaces.
	 * @return the source
	 * @throws IOException if the source cannot be read
	 */
	private static String handlerAsThePageShowsIt() throws IOException {
		String source = Files.readString(Path.of("src", "test", "java", "dev", "webhookreceiver", "gettingstarted",
				"IssueWebhooks.java"));
		return source.replaceFirst("package [^;]+;\\n\\n", "")
			.replaceFirst("(?s)/\\*\\*.*?\\*/\\n", "")
			.replace("\t", "    ")
			.strip();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(IssueWebhooks.class)
	static class GettingStartedApplication {

	}

}
