/**
 * The API of webhook-receiver: {@link dev.webhookreceiver.WebhookHandler @WebhookHandler}
 * methods, {@link dev.webhookreceiver.WebhookHeader @WebhookHeader} parameters and the
 * {@link dev.webhookreceiver.WebhookEvent} they receive, and the
 * {@link dev.webhookreceiver.WebhookSecretResolver} that supplies secrets per tenant.
 */
@NullMarked
package dev.webhookreceiver;

import org.jspecify.annotations.NullMarked;
