package dev.webhookreceiver.actuate;

import dev.webhookreceiver.actuate.WebhooksEndpoint.DeletionDescriptor;
import dev.webhookreceiver.process.WebhookDeliveries.Replay;
import dev.webhookreceiver.process.WebhookDeliveries.ReplayAll;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The {@link WebhooksEndpoint} over HTTP: a delivery or endpoint that is not there is answered
 * 404, one being processed 409, a replay of a delivery whose payload was not stored 409, a
 * replay of a delivery that fails verification 422, and a replay interrupted by the database
 * 503; each with the same body as a success, whose {@code outcome} and {@code detail} say why.
 */
@EndpointWebExtension(endpoint = WebhooksEndpoint.class)
public class WebhooksEndpointWebExtension {

	/** The status of a request whose content is understood but cannot be processed. */
	static final int STATUS_UNPROCESSABLE_CONTENT = 422;

	/** The status of a request that conflicts with the state of what it changes. */
	static final int STATUS_CONFLICT = 409;

	private final WebhooksEndpoint endpoint;

	/**
	 * Creates the extension.
	 * @param endpoint the endpoint it extends
	 */
	public WebhooksEndpointWebExtension(WebhooksEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * Replays a delivery.
	 * @param endpoint the endpoint name
	 * @param deliveryId the delivery id
	 * @return what the replay did, or why it did not, with the matching status
	 */
	@WriteOperation
	public WebEndpointResponse<Replay> replay(@Selector String endpoint, @Selector String deliveryId) {
		Replay replay = this.endpoint.replay(endpoint, deliveryId);
		int status = switch (replay.outcome()) {
			case REPLAYED, QUEUED -> WebEndpointResponse.STATUS_OK;
			case NOT_FOUND -> WebEndpointResponse.STATUS_NOT_FOUND;
			case IN_PROGRESS, NOT_STORED -> STATUS_CONFLICT;
			case NOT_VERIFIED -> STATUS_UNPROCESSABLE_CONTENT;
			case STORE_UNAVAILABLE -> WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE;
		};
		return new WebEndpointResponse<>(replay, status);
	}

	/**
	 * Replays every delivery of an endpoint in a status.
	 * @param endpoint the endpoint name
	 * @param status the status of the deliveries to replay
	 * @return what the replays did, or 404 if no such endpoint is configured
	 */
	@WriteOperation
	public WebEndpointResponse<ReplayAll> replayAll(@Selector String endpoint, String status) {
		ReplayAll replayed = this.endpoint.replayAll(endpoint, status);
		return (replayed != null) ? new WebEndpointResponse<>(replayed)
				: new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
	}

	/**
	 * Deletes the record of a delivery.
	 * @param endpoint the endpoint name
	 * @param deliveryId the delivery id
	 * @return what the deletion did, with the matching status
	 */
	@DeleteOperation
	public WebEndpointResponse<DeletionDescriptor> delete(@Selector String endpoint, @Selector String deliveryId) {
		DeletionDescriptor deletion = this.endpoint.delete(endpoint, deliveryId);
		int status = switch (deletion.outcome()) {
			case DELETED -> WebEndpointResponse.STATUS_OK;
			case NOT_FOUND -> WebEndpointResponse.STATUS_NOT_FOUND;
			case IN_PROGRESS -> STATUS_CONFLICT;
		};
		return new WebEndpointResponse<>(deletion, status);
	}

}
