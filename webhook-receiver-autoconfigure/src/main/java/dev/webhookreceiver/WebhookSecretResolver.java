package dev.webhookreceiver;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;

/**
 * Supplies the secrets of a delivery per request, for applications where each customer (tenant)
 * has a signing secret of their own. Define one bean of this type, and give the endpoints paths
 * with template variables, such as {@code /webhooks/{tenant}/stripe}: the receiver calls the
 * resolver once for each delivery, before verifying it, with the endpoint name and the path
 * variables of the request, and verifies the delivery with the secrets it returns.
 * <p>
 * The receiver calls it for every endpoint. Where it returns no secret, the endpoint's
 * configured {@code secret} and {@code secrets} are used; an endpoint whose secrets all come
 * from the resolver needs none configured. A delivery for which neither has a secret is answered
 * {@code 401}, never {@code 5xx}, so an unknown tenant learns nothing and is not retried as a
 * server failure would be.
 * <p>
 * The receiver keeps nothing between requests: a resolver is called for every delivery, so a
 * rotation takes effect with the next delivery. A resolver that reads a database or a vault
 * should cache what it reads itself (for example with Spring's {@code @Cacheable}), and return
 * both the old and the new secret while a sender rotates. It runs before the delivery is
 * verified, so its arguments come from an unauthenticated request: it must not trust them
 * beyond looking the secrets up. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface WebhookSecretResolver {

	/**
	 * Returns the secrets that may have signed a delivery.
	 * @param endpoint the name of the endpoint that received the delivery
	 * ({@code webhook.receiver.endpoints.<name>})
	 * @param pathVariables the values of the template variables of the endpoint's path, by
	 * name, such as {@code {tenant=acme}}; empty for a path without variables
	 * @param headers the request headers, not yet verified
	 * @return the secrets in the form the endpoint's provider expects, any of which may have
	 * signed the delivery; empty (or {@code null}) to use the endpoint's configured secrets.
	 * Empty, blank and {@code null} entries are ignored, since anyone could sign with them.
	 */
	List<String> secrets(String endpoint, Map<String, String> pathVariables, HttpHeaders headers);

}
