/**
 * Dispatch: discovery of {@link dev.webhookreceiver.WebhookHandler @WebhookHandler} methods,
 * the handler registry, argument resolution and invocation.
 */
@NullMarked
package dev.webhookreceiver.dispatch;

import org.jspecify.annotations.NullMarked;
