package dev.webhookreceiver.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the sample shop in a JVM of its own, as a user would, with the GitHub secret taken
 * from an environment variable that is not set, and sees it refuse to start with Spring Boot's
 * failure report instead of accepting deliveries signed with the placeholder's text.
 */
class SampleStartupFailureTests {

	@Test
	void refusesToStartWhenTheSecretsEnvironmentVariableIsNotSet(@TempDir Path directory) throws Exception {
		Path configuration = directory.resolve("application.yml");
		Files.writeString(configuration, """
				webhook:
				  receiver:
				    endpoints:
				      github:
				        provider: github
				        secret: ${GITHUB_WEBHOOK_SECRET}
				""");
		ProcessBuilder builder = new ProcessBuilder(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), SampleApplication.class.getName(), "--server.port=0",
				"--spring.datasource.url=jdbc:h2:mem:sample-startup-failure",
				"--spring.config.additional-location=file:" + configuration)
			.directory(directory.toFile())
			.redirectErrorStream(true);
		builder.environment().remove("GITHUB_WEBHOOK_SECRET");
		Process process = builder.start();
		CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
		try {
			assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the application stopped by itself").isTrue();
		}
		finally {
			process.destroyForcibly();
		}
		assertThat(process.exitValue()).isNotZero();
		assertThat(output.get(1, TimeUnit.MINUTES)).contains("APPLICATION FAILED TO START")
			.contains("Description:\n\nwebhook.receiver.endpoints.github.secret is ${GITHUB_WEBHOOK_SECRET}, a "
					+ "placeholder that did not resolve: GITHUB_WEBHOOK_SECRET is not set.")
			.contains("Action:\n\nSet the environment variable GITHUB_WEBHOOK_SECRET to the signing secret that "
					+ "the sender shows")
			.doesNotContain("Started SampleApplication")
			.doesNotContain("Initialized JPA EntityManagerFactory");
	}

	private static String read(InputStream input) {
		try (input) {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			input.transferTo(bytes);
			return bytes.toString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
