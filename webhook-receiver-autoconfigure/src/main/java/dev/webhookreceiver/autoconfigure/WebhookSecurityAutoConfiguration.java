package dev.webhookreceiver.autoconfigure;

import java.util.List;

import dev.webhookreceiver.web.ContainerErrorAnswers;
import dev.webhookreceiver.web.ReceivingEndpoint;
import dev.webhookreceiver.web.WebhookEndpointMappings;
import dev.webhookreceiver.web.WebhookEndpoints;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.ClassUtils;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * Spring Security: the POST requests to endpoints whose deliveries are verified get a
 * {@link SecurityFilterChain} of their own, ordered first, that permits them without login or
 * CSRF token. Senders cannot do either; the signature is their authentication. Nothing else of
 * the application's security changes: this chain is added after Spring Boot decided whether to
 * add its default one, and it matches only those requests, never a request to an Actuator
 * endpoint (whose write operations replay and delete deliveries), whatever paths the endpoints
 * and Actuator are given.
 */
@AutoConfiguration(after = WebhookReceiverAutoConfiguration.class,
		afterName = { "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration" })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ SecurityFilterChain.class, HttpSecurity.class })
@ConditionalOnBean({ WebhookEndpoints.class, WebhookEndpointMappings.class, HttpSecurity.class })
@ConditionalOnBooleanProperty(name = "webhook.receiver.security.permit-webhook-paths", matchIfMissing = true)
public final class WebhookSecurityAutoConfiguration {

	private static final boolean ACTUATOR_PRESENT = ClassUtils.isPresent(
			"org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints",
			WebhookSecurityAutoConfiguration.class.getClassLoader());

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityFilterChain webhookSecurityFilterChain(HttpSecurity http, WebhookEndpoints endpoints,
			WebhookEndpointMappings mappings, ObjectProvider<PathPatternRequestMatcher.Builder> matchers)
			throws Exception {
		// Spring Boot's builder knows the DispatcherServlet's path (spring.mvc.servlet.path)
		PathPatternRequestMatcher.Builder matcher = matchers.getIfUnique(PathPatternRequestMatcher::withDefaults);
		return http.securityMatcher(verifiedDeliveries(endpoints, mappings, matcher))
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.build();
	}

	private static RequestMatcher verifiedDeliveries(WebhookEndpoints endpoints, WebhookEndpointMappings mappings,
			PathPatternRequestMatcher.Builder matcher) {
		List<RequestMatcher> matchers = endpoints.all()
			.stream()
			.filter((endpoint) -> endpoint.provider().requiresSecret())
			.map(ReceivingEndpoint::path)
			.<RequestMatcher>map((path) -> matcher.matcher(HttpMethod.POST, path))
			.toList();
		// only what Spring MVC routes to the receiver: not the application's own, more specific,
		// mapping of a path under an endpoint's path template
		RequestMatcher deliveries = matchers.isEmpty() ? (request) -> false
				: new AndRequestMatcher(new OrRequestMatcher(matchers), mappings::routesToReceiver);
		deliveries = ACTUATOR_PRESENT ? ActuatorEndpoints.excludedFrom(deliveries) : deliveries;
		// the error dispatch Tomcat makes for a delivery whose body broke, which the receiver answers
		return new OrRequestMatcher(deliveries, ContainerErrorAnswers::isAnsweredErrorDispatch);
	}

	/**
	 * Actuator's endpoints, which the webhook paths' chain never matches.
	 */
	private static final class ActuatorEndpoints {

		static RequestMatcher excludedFrom(RequestMatcher deliveries) {
			return new AndRequestMatcher(deliveries, new NegatedRequestMatcher(EndpointRequest.toAnyEndpoint()));
		}

	}

}
