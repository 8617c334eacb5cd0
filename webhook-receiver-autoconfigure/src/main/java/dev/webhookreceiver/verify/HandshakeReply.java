package dev.webhookreceiver.verify;

import org.springframework.http.MediaType;

/**
 * The answer to a sender's handshake (Slack's {@code url_verification}, Zoom's
 * {@code endpoint.url_validation}, Discord's PING): sent back with 200 instead of processing the
 * request as a delivery.
 *
 * @param contentType the content type of the answer
 * @param body the answer
 */
public record HandshakeReply(MediaType contentType, String body) {

	/**
	 * A JSON answer.
	 * @param json the JSON text
	 * @return the reply
	 */
	public static HandshakeReply json(String json) {
		return new HandshakeReply(MediaType.APPLICATION_JSON, json);
	}

	/**
	 * A plain text answer.
	 * @param text the text
	 * @return the reply
	 */
	public static HandshakeReply text(String text) {
		return new HandshakeReply(MediaType.TEXT_PLAIN, text);
	}

}
