/**
 * Signs webhook deliveries as each provider does, for tests:
 * {@link dev.webhookreceiver.test.WebhookSigners} makes a
 * {@link dev.webhookreceiver.test.WebhookSigner} per provider, whose
 * {@link dev.webhookreceiver.test.SignedDelivery} any HTTP client can send, and
 * {@link dev.webhookreceiver.test.WebhookRequests} turns it into a MockMvc request.
 */
@NullMarked
package dev.webhookreceiver.test;

import org.jspecify.annotations.NullMarked;
