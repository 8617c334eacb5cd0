package dev.webhookreceiver.benchmarks.handwritten;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The peer of the load run: a GitHub webhook endpoint as a Spring user writes it by hand, with
 * the JDK's HMAC and Spring Data JPA ({@link GitHubWebhookController}). H2 in memory unless
 * {@code spring.datasource.url} says otherwise.
 */
@SpringBootApplication
public class HandWrittenControllerApplication {

	public static void main(String[] args) {
		application().run(args);
	}

	/**
	 * The application with its defaults: H2 in memory unless told otherwise, the schema made by
	 * Hibernate, the sample app's development secret.
	 * @return the application, to run
	 */
	public static SpringApplication application() {
		SpringApplication application = new SpringApplication(HandWrittenControllerApplication.class);
		application.setDefaultProperties(Map.of(
				// The benchmarks' classpath holds the receiver too; this app is written without it.
				"webhook.receiver.enabled", "false",
				"spring.jpa.hibernate.ddl-auto", "update",
				"spring.jpa.open-in-view", "false",
				"github.webhook.secret", "dev-only-github-secret"));
		return application;
	}

}
