/**
 * Actuator support: the {@code webhooks} endpoint, which shows, replays and deletes recorded
 * deliveries through {@link dev.webhookreceiver.process.WebhookDeliveries}, and the
 * {@code webhooks} health contributor.
 */
@NullMarked
package dev.webhookreceiver.actuate;

import org.jspecify.annotations.NullMarked;
