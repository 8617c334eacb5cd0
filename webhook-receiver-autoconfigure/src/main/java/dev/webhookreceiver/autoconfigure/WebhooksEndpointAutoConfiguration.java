package dev.webhookreceiver.autoconfigure;

import dev.webhookreceiver.actuate.WebhooksEndpoint;
import dev.webhookreceiver.actuate.WebhooksEndpointWebExtension;
import dev.webhookreceiver.process.WebhookDeliveries;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * the Actuator endpoint {@code webhooks}, when Actuator is present and the endpoint is
 * available (exposed over HTTP or JMX with {@code management.endpoints.*.exposure.include}).
 */
@AutoConfiguration(after = WebhookReceiverAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(WebhookDeliveries.class)
public final class WebhooksEndpointAutoConfiguration {

	// The availability conditions are on the beans, not the class: they are read only once the
	// class's own conditions found Actuator.
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	WebhooksEndpoint webhooksEndpoint(WebhookDeliveries deliveries) {
		return new WebhooksEndpoint(deliveries);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(WebhooksEndpoint.class)
	@ConditionalOnAvailableEndpoint(endpoint = WebhooksEndpoint.class, exposure = EndpointExposure.WEB)
	WebhooksEndpointWebExtension webhooksEndpointWebExtension(WebhooksEndpoint endpoint) {
		return new WebhooksEndpointWebExtension(endpoint);
	}

}
