package dev.webhookreceiver.benchmarks.bare;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The limit of the load run: a Spring MVC endpoint that reads the body and answers 200, with no
 * verification and no database.
 */
@SpringBootApplication(excludeName = {
		"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
		"org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration" })
@RestController
public class BareEndpointApplication {

	@PostMapping("/webhooks/github")
	ResponseEntity<Void> receive(@RequestBody byte[] body) {
		return ResponseEntity.ok().build();
	}

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(BareEndpointApplication.class);
		// The benchmarks' classpath holds the receiver too; this app is the endpoint without it.
		application.setDefaultProperties(Map.of("webhook.receiver.enabled", "false"));
		application.run(args);
	}

}
