package dev.webhookreceiver.web;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.util.unit.DataSize;

/**
 * Reads a request body as the exact bytes received, refusing bodies larger than a limit: first
 * by the declared {@code Content-Length}, then while reading, so that a sender that declares no
 * length or a wrong one cannot make the receiver buffer more than the limit.
 */
class RequestBodyReader {

	private final DataSize maxPayloadSize;

	private final int limit;

	RequestBodyReader(DataSize maxPayloadSize) {
		this.maxPayloadSize = maxPayloadSize;
		this.limit = Math.toIntExact(maxPayloadSize.toBytes());
	}

	byte[] read(HttpServletRequest request) throws IOException, PayloadTooLargeException {
		long declared = request.getContentLengthLong();
		if (declared > this.limit) {
			throw tooLarge("the body declares " + declared + " bytes; the limit is " + this.limit + " bytes");
		}
		try (InputStream body = request.getInputStream()) {
			byte[] bytes = body.readNBytes(this.limit + 1);
			if (bytes.length > this.limit) {
				throw tooLarge("the body is longer than the limit of " + this.limit + " bytes");
			}
			return bytes;
		}
	}

	private PayloadTooLargeException tooLarge(String what) {
		return new PayloadTooLargeException(what + " (webhook.receiver.max-payload-size=" + this.maxPayloadSize + ")");
	}

}
