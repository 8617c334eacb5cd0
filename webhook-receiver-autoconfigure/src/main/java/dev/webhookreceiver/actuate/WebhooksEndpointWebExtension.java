package dev.webhookreceiver.actuate;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.webhookreceiver.actuate.WebhooksEndpoint.DeletionDescriptor;
import dev.webhookreceiver.actuate.WebhooksEndpoint.DeliveriesDescriptor;
import dev.webhookreceiver.actuate.WebhooksEndpoint.DeliveryDescriptor;
import dev.webhookreceiver.process.WebhookDeliveries.Replay;
import dev.webhookreceiver.process.WebhookDeliveries.ReplayAll;
import dev.webhookreceiver.process.WebhookDeliveries.Summary;
import dev.webhookreceiver.store.DeliveryStoreUnavailableException;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The {@link WebhooksEndpoint} over HTTP: a delivery or endpoint that is not there is answered
 * 404, one being processed 409, a replay of a delivery whose payload was not stored 409, a
 * replay of a delivery that fails verification 422; each with the same body as a success,
 * whose {@code outcome} and {@code detail} say why. While the database cannot be reached, every
 * request is answered 503: a replay or deletion with its {@code STORE_UNAVAILABLE} outcome, the
 * others without a body.
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
	 * The configured endpoints and how many deliveries are in each status.
	 * @return the summary, or 503 if the database cannot be reached
	 */
	@ReadOperation
	public WebEndpointResponse<Summary> webhooks() {
		return answer(this.endpoint::webhooks);
	}

	/**
	 * The deliveries of an endpoint, newest first, without bodies.
	 * @param endpoint the endpoint name
	 * @param status the status to list, or {@code null} for all
	 * @param limit the most deliveries to list, or {@code null} for the default
	 * @return the deliveries, or 503 if the database cannot be reached
	 */
	@ReadOperation
	public WebEndpointResponse<DeliveriesDescriptor> deliveries(@Selector String endpoint, @Nullable String status,
			@Nullable Integer limit) {
		return answer(() -> this.endpoint.deliveries(endpoint, status, limit));
	}

	/**
	 * One delivery, with its headers and body.
	 * @param endpoint the endpoint name
	 * @param deliveryId the delivery id
	 * @return the delivery, 404 if none is recorded, or 503 if the database cannot be reached
	 */
	@ReadOperation
	public WebEndpointResponse<DeliveryDescriptor> delivery(@Selector String endpoint, @Selector String deliveryId) {
		return answer(() -> this.endpoint.delivery(endpoint, deliveryId));
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
	 * @return what the replays did, 404 if no such endpoint is configured, or 503 if the
	 * database cannot be reached (the deliveries replayed before stay replayed)
	 */
	@WriteOperation
	public WebEndpointResponse<ReplayAll> replayAll(@Selector String endpoint, String status) {
		return answer(() -> this.endpoint.replayAll(endpoint, status));
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
			case STORE_UNAVAILABLE -> WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE;
		};
		return new WebEndpointResponse<>(deletion, status);
	}

	/**
	 * Answers what an operation returns, 404 if it returns {@code null}, 503 if the database
	 * cannot be reached.
	 */
	private static <T> WebEndpointResponse<T> answer(Supplier<@Nullable T> operation) {
		try {
			T body = operation.get();
			return (body != null) ? new WebEndpointResponse<>(body)
					: new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		catch (DeliveryStoreUnavailableException ex) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
		}
	}

}
