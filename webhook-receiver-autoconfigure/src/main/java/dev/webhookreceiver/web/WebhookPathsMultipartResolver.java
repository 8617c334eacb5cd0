package dev.webhookreceiver.web;

import java.util.List;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.multipart.MultipartResolver;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * A {@link MultipartResolver} that leaves the deliveries to webhook endpoints alone: a
 * {@code multipart/form-data} delivery must reach the receiver unparsed, so that its signature
 * is checked on the exact bytes received. The {@code DispatcherServlet} resolves multipart
 * requests before it looks for a handler, which would consume the body; every other request is
 * resolved by the application's own resolver as before.
 */
public class WebhookPathsMultipartResolver implements MultipartResolver {

	private final MultipartResolver delegate;

	private final Supplier<List<PathPattern>> webhookPaths;

	/**
	 * Wraps a resolver.
	 * @param delegate the resolver for every request that is not a delivery
	 * @param endpoints the endpoints, looked up on first use
	 */
	public WebhookPathsMultipartResolver(MultipartResolver delegate, Supplier<WebhookEndpoints> endpoints) {
		this.delegate = delegate;
		this.webhookPaths = SingletonSupplier.of(() -> endpoints.get()
			.all()
			.stream()
			.map((endpoint) -> PathPatternParser.defaultInstance.parse(endpoint.path()))
			.toList());
	}

	@Override
	public boolean isMultipart(HttpServletRequest request) {
		return !isDelivery(request) && this.delegate.isMultipart(request);
	}

	@Override
	public MultipartHttpServletRequest resolveMultipart(HttpServletRequest request) throws MultipartException {
		return this.delegate.resolveMultipart(request);
	}

	@Override
	public void cleanupMultipart(MultipartHttpServletRequest request) {
		this.delegate.cleanupMultipart(request);
	}

	private boolean isDelivery(HttpServletRequest request) {
		if (!HttpMethod.POST.matches(request.getMethod())) {
			return false;
		}
		// the path the handler mappings match, whose segments are decoded once: the DispatcherServlet
		// parsed it, under its own path (spring.mvc.servlet.path), before it resolves multipart
		RequestPath requestPath = ServletRequestPathUtils.hasParsedRequestPath(request)
				? ServletRequestPathUtils.getParsedRequestPath(request)
				: RequestPath.parse(request.getRequestURI(), request.getContextPath());
		PathContainer path = requestPath.pathWithinApplication();
		for (PathPattern webhookPath : this.webhookPaths.get()) {
			if (webhookPath.matches(path)) {
				return true;
			}
		}
		return false;
	}

}
