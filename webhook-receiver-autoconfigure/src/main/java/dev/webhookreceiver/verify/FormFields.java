package dev.webhookreceiver.verify;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import dev.webhookreceiver.verify.WebhookRejectedException.Reason;

/**
 * The fields of a verified {@code application/x-www-form-urlencoded} body. Parse a body only
 * after its signature holds.
 */
final class FormFields {

	private FormFields() {
	}

	/**
	 * Whether the request says its body is form-encoded.
	 * @param request the request
	 * @return whether the content type is {@code application/x-www-form-urlencoded}
	 */
	static boolean isForm(WebhookRequest request) {
		String contentType = request.header("Content-Type");
		if (contentType == null) {
			return false;
		}
		try {
			return MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(MediaType.parseMediaType(contentType));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	/**
	 * Parses a verified form body. Names and values are URL-decoded as UTF-8.
	 * @param body the body bytes
	 * @return the fields, in order
	 * @throws WebhookRejectedException {@link Reason#MALFORMED} if the body is not form-encoded
	 */
	static MultiValueMap<String, String> parse(byte[] body) {
		MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		String form = new String(body, StandardCharsets.UTF_8);
		if (form.isEmpty()) {
			return fields;
		}
		try {
			for (String pair : form.split("&")) {
				int equals = pair.indexOf('=');
				String name = (equals != -1) ? pair.substring(0, equals) : pair;
				String value = (equals != -1) ? pair.substring(equals + 1) : "";
				fields.add(URLDecoder.decode(name, StandardCharsets.UTF_8),
						URLDecoder.decode(value, StandardCharsets.UTF_8));
			}
		}
		catch (IllegalArgumentException ex) {
			throw new WebhookRejectedException(Reason.MALFORMED, "The body is not valid form data");
		}
		return fields;
	}

	/**
	 * Returns the first value of a field of a verified form body.
	 * @param body the body bytes
	 * @param name the field name
	 * @return the value, or {@code null} if absent
	 */
	static @Nullable String first(byte[] body, String name) {
		return parse(body).getFirst(name);
	}

}
