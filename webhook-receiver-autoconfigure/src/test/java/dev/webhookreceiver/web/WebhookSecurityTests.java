package dev.webhookreceiver.web;

import java.time.Clock;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.webhookreceiver.verify.VerifiedDelivery;
import dev.webhookreceiver.verify.WebhookEndpoint;
import dev.webhookreceiver.verify.WebhookProvider;
import dev.webhookreceiver.verify.WebhookRequest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * With Spring Security, verified webhook paths are permitted without login or CSRF token, and
 * nothing else of the application's security changes.
 */
class WebhookSecurityTests {

	private static final String ISSUE_OPENED = """
			{"action":"opened","issue":{"number":7,"title":"Crash on start"}}""";

	@Nested
	@SpringBootTest(classes = ReceiverTestApplication.class,
			properties = { ReceiverTestApplication.PROPERTIES, "spring.autoconfigure.exclude=" })
	@AutoConfigureMockMvc
	class WithSpringBootsDefaultSecurity {

		@Autowired
		private MockMvc mvc;

		@Autowired
		private JdbcTemplate jdbc;

		@BeforeEach
		void clean() {
			this.jdbc.update("delete from webhook_delivery");
		}

		@Test
		void verifiedDeliveriesNeedNeitherLoginNorCsrfToken() throws Exception {
			this.mvc.perform(TestDeliveries.github("issues", "sec-1", ISSUE_OPENED).request())
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.status").value("processed"));
		}

		@Test
		void forgedDeliveriesAreStillRefusedByTheirSignature() throws Exception {
			this.mvc
				.perform(TestDeliveries.github("issues", "sec-2", ISSUE_OPENED)
					.withBody(ISSUE_OPENED.replace('7', '8'))
					.request())
				.andExpect(status().isUnauthorized())
				.andExpect(jsonPath("$.type").value("urn:webhook-receiver:problem:invalid-signature"));
		}

		@Test
		void otherMethodsOnWebhookPathsKeepTheApplicationsSecurity() throws Exception {
			this.mvc.perform(MockMvcRequestBuilders.get("/webhooks/github")).andExpect(status().isUnauthorized());
		}

		@Test
		void otherPathsKeepTheApplicationsSecurity() throws Exception {
			this.mvc.perform(MockMvcRequestBuilders.post("/webhooks/nope").content("{}"))
				.andExpect(status().isForbidden());
		}

	}

	@Nested
	@SpringBootTest(classes = { ReceiverTestApplication.class, OwnSecurity.class },
			properties = { ReceiverTestApplication.PROPERTIES, "spring.autoconfigure.exclude=",
					"webhook.receiver.endpoints.open.provider=unverified" })
	@AutoConfigureMockMvc
	class WithTheApplicationsOwnSecurity {

		@Autowired
		private MockMvc mvc;

		@Test
		void verifiedDeliveriesNeedNeitherLoginNorCsrfToken() throws Exception {
			this.mvc.perform(TestDeliveries.github("issues", "sec-3", ISSUE_OPENED).request())
				.andExpect(status().isOk());
		}

		@Test
		void theApplicationsOwnRulesStillApplyElsewhere() throws Exception {
			this.mvc.perform(MockMvcRequestBuilders.post("/orders").content("{}")).andExpect(status().isForbidden());
		}

		@Test
		void endpointsWhoseDeliveriesAreNotVerifiedAreNotExempted() throws Exception {
			this.mvc.perform(MockMvcRequestBuilders.post("/webhooks/open").content("{}"))
				.andExpect(status().isForbidden());
		}

	}

	@Nested
	@SpringBootTest(classes = { ReceiverTestApplication.class, OwnSecurity.class, TenantSettingsController.class },
			properties = { ReceiverTestApplication.PROPERTIES, "spring.autoconfigure.exclude=",
					"webhook.receiver.endpoints.tenants.provider=github",
					"webhook.receiver.endpoints.tenants.secret=" + TestDeliveries.GITHUB_SECRET,
					"webhook.receiver.endpoints.tenants.path=/tenants/{tenant}/github" })
	@AutoConfigureMockMvc
	class WithTheApplicationsOwnControllerUnderAWebhookPath {

		@Autowired
		private MockMvc mvc;

		@Test
		void requestsThatSpringMvcRoutesToTheApplicationsControllerKeepTheApplicationsSecurity() throws Exception {
			this.mvc.perform(MockMvcRequestBuilders.post("/tenants/settings/github").content("{}"))
				.andExpect(status().isForbidden());
		}

		@Test
		void deliveriesToTheEndpointsOtherPathsNeedNeitherLoginNorCsrfToken() throws Exception {
			this.mvc
				.perform(TestDeliveries.github("issues", "sec-5", ISSUE_OPENED).withPath("/tenants/acme/github").request())
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.status").value("ignored"));
		}

	}

	@Nested
	@SpringBootTest(classes = { ReceiverTestApplication.class, OwnSecurity.class },
			properties = { ReceiverTestApplication.PROPERTIES, "spring.autoconfigure.exclude=",
					"spring.mvc.servlet.path=/api" })
	@AutoConfigureMockMvc
	class UnderTheDispatcherServletsOwnPath {

		@Autowired
		private MockMvc mvc;

		@Test
		void verifiedDeliveriesNeedNeitherLoginNorCsrfToken() throws Exception {
			this.mvc
				.perform(TestDeliveries.github("issues", "sec-6", ISSUE_OPENED).withPath("/api/webhooks/github")
					.request()
					.servletPath("/api"))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.status").value("processed"));
		}

		@Test
		void theApplicationsOwnRulesStillApplyElsewhere() throws Exception {
			this.mvc.perform(MockMvcRequestBuilders.post("/api/orders").servletPath("/api").content("{}"))
				.andExpect(status().isForbidden());
			this.mvc.perform(MockMvcRequestBuilders.get("/api/webhooks/github").servletPath("/api"))
				.andExpect(status().isUnauthorized());
		}

	}

	@Nested
	@SpringBootTest(classes = ReceiverTestApplication.class,
			properties = { ReceiverTestApplication.PROPERTIES, "spring.autoconfigure.exclude=",
					"webhook.receiver.security.permit-webhook-paths=false" })
	@AutoConfigureMockMvc
	class WhenSwitchedOff {

		@Autowired
		private MockMvc mvc;

		@Test
		void webhookPathsAreLeftToTheApplicationsSecurity() throws Exception {
			this.mvc.perform(TestDeliveries.github("issues", "sec-4", ISSUE_OPENED).request())
				.andExpect(status().isForbidden());
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class OwnSecurity {

		@Bean
		WebhookProvider unverified() {
			return new UnverifiedProvider();
		}

		@Bean
		SecurityFilterChain applicationSecurity(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.httpBasic(Customizer.withDefaults())
				.build();
		}

	}

	/**
	 * The application's own controller, at a path that the {@code tenants} endpoint's path
	 * template matches too, and that Spring MVC routes here as the more specific mapping.
	 */
	@RestController
	static class TenantSettingsController {

		@PostMapping("/tenants/settings/github")
		String changeSettings() {
			return "changed";
		}

	}

	/**
	 * A provider that checks nothing, like {@code none}.
	 */
	static class UnverifiedProvider implements WebhookProvider {

		@Override
		public String name() {
			return "unverified";
		}

		@Override
		public boolean requiresSecret() {
			return false;
		}

		@Override
		public VerifiedDelivery verify(WebhookRequest request, WebhookEndpoint endpoint, Clock clock) {
			return new VerifiedDelivery("id", "type", null);
		}

	}

}
