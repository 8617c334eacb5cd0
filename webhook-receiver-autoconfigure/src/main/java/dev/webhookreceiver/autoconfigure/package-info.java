/**
 * Auto-configuration of webhook-receiver and its
 * {@link dev.webhookreceiver.autoconfigure.WebhookReceiverProperties properties}.
 */
@NullMarked
package dev.webhookreceiver.autoconfigure;

import org.jspecify.annotations.NullMarked;
