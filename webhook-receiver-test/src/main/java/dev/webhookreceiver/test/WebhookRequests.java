package dev.webhookreceiver.test;

import java.net.URI;

import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * MockMvc requests that carry a {@link SignedDelivery}:
 * <pre class="code">
 * mockMvc.perform(WebhookRequests.post("/webhooks/github", delivery))
 * 	.andExpect(status().isOk());
 * </pre>
 */
public final class WebhookRequests {

	private WebhookRequests() {
	}

	/**
	 * A POST of the delivery to a path: its headers and its body bytes.
	 * @param path the endpoint's path, such as {@code /webhooks/github}
	 * @param delivery the delivery
	 * @return the request builder, to add to
	 */
	public static MockHttpServletRequestBuilder post(String path, SignedDelivery delivery) {
		return MockMvcRequestBuilders.post(path).headers(delivery.headers()).content(delivery.body());
	}

	/**
	 * A POST of the delivery to the URL it is signed for (Twilio, Square), such as
	 * {@code http://localhost/webhooks/twilio}, query included.
	 * @param delivery the delivery
	 * @return the request builder, to add to
	 * @throws IllegalArgumentException if the delivery's provider signs no URL
	 */
	public static MockHttpServletRequestBuilder post(SignedDelivery delivery) {
		String url = delivery.url();
		if (url == null) {
			throw new IllegalArgumentException("The delivery is not signed for a URL: use post(path, delivery)");
		}
		return MockMvcRequestBuilders.post(URI.create(url)).headers(delivery.headers()).content(delivery.body());
	}

}
