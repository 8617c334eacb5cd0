package dev.webhookreceiver.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * With Spring Security, the webhook paths' own filter chain never opens Actuator, and the
 * Actuator security of docs/operations.md protects the {@code webhooks} endpoint.
 */
class ActuatorSecurityTests {

	private static final String ISSUE_OPENED = """
			{"action":"opened","issue":{"number":7,"title":"Crash on start"}}""";

	@Nested
	@SpringBootTest(classes = ReceiverTestApplication.class,
			properties = { ReceiverTestApplication.PROPERTIES, "spring.autoconfigure.exclude=",
					"management.endpoints.web.exposure.include=webhooks",
					"webhook.receiver.endpoints.github.path=/actuator/webhooks/github" })
	@AutoConfigureMockMvc
	class WithAWebhookPathUnderActuator {

		@Autowired
		private MockMvc mvc;

		@Test
		void theWebhookPathsChainDoesNotPermitActuatorsWriteOperations() throws Exception {
			this.mvc
				.perform(post("/actuator/webhooks/github").contentType(MediaType.APPLICATION_JSON)
					.content("{\"status\":\"DEAD\"}"))
				.andExpect(status().isForbidden());
		}

	}

	@Nested
	@SpringBootTest(classes = { ReceiverTestApplication.class, DocumentedActuatorSecurity.class },
			properties = { ReceiverTestApplication.PROPERTIES, "spring.autoconfigure.exclude=",
					"management.endpoints.web.exposure.include=health,webhooks",
					"spring.security.user.name=operator", "spring.security.user.password=test-only-password",
					"spring.security.user.roles=WEBHOOK_OPERATOR" })
	@AutoConfigureMockMvc
	class WithTheDocumentedActuatorSecurity {

		@Autowired
		private MockMvc mvc;

		@Test
		void deliveriesAreStillReceivedWithoutLogin() throws Exception {
			this.mvc.perform(TestDeliveries.github("issues", "sec-actuator-1", ISSUE_OPENED).request())
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.status").value("processed"));
		}

		@Test
		void theEndpointNeedsTheOperatorRole() throws Exception {
			this.mvc.perform(get("/actuator/webhooks")).andExpect(status().isUnauthorized());
			this.mvc.perform(post("/actuator/webhooks/github/sec-actuator-2")).andExpect(status().isUnauthorized());
			this.mvc.perform(get("/actuator/health")).andExpect(status().isOk());
		}

		@Test
		void anOperatorReplaysWithoutCsrfToken() throws Exception {
			this.mvc.perform(get("/actuator/webhooks").header(HttpHeaders.AUTHORIZATION, operator()))
				.andExpect(status().isOk());
			this.mvc.perform(post("/actuator/webhooks/github/sec-actuator-3").header(HttpHeaders.AUTHORIZATION, operator()))
				.andExpect(status().isNotFound())
				.andExpect(jsonPath("$.outcome").value("NOT_FOUND"));
		}

		private static String operator() {
			return "Basic " + Base64.getEncoder()
				.encodeToString("operator:test-only-password".getBytes(StandardCharsets.UTF_8));
		}

	}

	/**
	 * The Actuator security that docs/operations.md shows.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class DocumentedActuatorSecurity {

		@Bean
		SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
			return http.securityMatcher(EndpointRequest.toAnyEndpoint())
				.authorizeHttpRequests((requests) -> requests.requestMatchers(EndpointRequest.to("health"))
					.permitAll()
					.requestMatchers(EndpointRequest.to("webhooks"))
					.hasRole("WEBHOOK_OPERATOR")
					.anyRequest()
					.denyAll())
				.httpBasic(Customizer.withDefaults())
				.csrf((csrf) -> csrf.ignoringRequestMatchers(EndpointRequest.toAnyEndpoint()))
				.build();
		}

	}

}
