package dev.webhookreceiver.autoconfigure;

import java.time.Duration;

import dev.webhookreceiver.WebhookConfigurationException;
import dev.webhookreceiver.actuate.WebhooksHealthIndicator;
import dev.webhookreceiver.store.DeliveryBacklog;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * the health contributor {@code webhooks}, when Spring Boot's health support is present and
 * {@code management.health.webhooks.enabled} is not {@code false}.
 */
@AutoConfiguration(after = WebhookReceiverAutoConfiguration.class)
@ConditionalOnClass({ AbstractHealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(DeliveryBacklog.class)
@EnableConfigurationProperties(WebhookReceiverProperties.class)
public final class WebhooksHealthContributorAutoConfiguration {

	// The condition is on the bean, not the class: it is read only once the class's own
	// conditions found Spring Boot's health support.
	@Bean
	@ConditionalOnMissingBean(name = "webhooksHealthIndicator")
	@ConditionalOnEnabledHealthIndicator("webhooks")
	WebhooksHealthIndicator webhooksHealthIndicator(DeliveryBacklog backlog, WebhookReceiverProperties properties) {
		WebhookReceiverProperties.Health health = properties.getHealth();
		Duration maxPendingAge = health.getMaxPendingAge();
		if (maxPendingAge.isNegative() || maxPendingAge.isZero()) {
			throw new WebhookConfigurationException(
					"webhook.receiver.health.max-pending-age is " + maxPendingAge + ", but it must be positive.",
					"Set it to the longest a due delivery may wait for a worker, such as 15m.");
		}
		Long maxDead = health.getMaxDead();
		if (maxDead != null && maxDead < 0) {
			throw new WebhookConfigurationException(
					"webhook.receiver.health.max-dead is " + maxDead + ", but it must not be negative.",
					"Set it to the most dead deliveries the health tolerates, or leave it unset for no limit.");
		}
		return new WebhooksHealthIndicator(backlog, maxPendingAge, maxDead);
	}

}
