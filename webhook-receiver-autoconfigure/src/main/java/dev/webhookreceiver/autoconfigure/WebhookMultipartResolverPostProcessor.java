package dev.webhookreceiver.autoconfigure;

import dev.webhookreceiver.web.WebhookEndpoints;
import dev.webhookreceiver.web.WebhookPathsMultipartResolver;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.multipart.MultipartResolver;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Wraps the {@code DispatcherServlet}'s {@link MultipartResolver} (Spring Boot's or the
 * application's own) in a {@link WebhookPathsMultipartResolver}, so that no multipart parsing
 * consumes the body of a delivery before its signature is checked.
 */
class WebhookMultipartResolverPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<WebhookEndpoints> endpoints;

	WebhookMultipartResolverPostProcessor(ObjectProvider<WebhookEndpoints> endpoints) {
		this.endpoints = endpoints;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof MultipartResolver resolver && !(bean instanceof WebhookPathsMultipartResolver)
				&& DispatcherServlet.MULTIPART_RESOLVER_BEAN_NAME.equals(beanName)) {
			return new WebhookPathsMultipartResolver(resolver, this.endpoints::getObject);
		}
		return bean;
	}

}
