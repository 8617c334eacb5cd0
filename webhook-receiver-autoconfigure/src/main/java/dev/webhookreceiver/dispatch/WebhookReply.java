package dev.webhookreceiver.dispatch;

import java.util.List;

import org.springframework.http.MediaType;

/**
 * What a {@link dev.webhookreceiver.WebhookHandler @WebhookHandler} of a sync endpoint returned
 * for a delivery, to be sent to the sender as the body of the answer.
 *
 * @param body the value the handler returned, possibly a
 * {@link org.springframework.http.ResponseEntity ResponseEntity}
 * @param produces the media types the handler declared in
 * {@link dev.webhookreceiver.WebhookHandler#produces()}, empty if none
 * @param handler the handler that returned it, for messages
 */
public record WebhookReply(Object body, List<MediaType> produces, String handler) {

}
