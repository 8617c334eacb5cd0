/**
 * Verification: the {@link dev.webhookreceiver.verify.WebhookProvider} SPI, the built-in
 * providers, and signature and timestamp checks over the exact bytes received.
 */
@NullMarked
package dev.webhookreceiver.verify;

import org.jspecify.annotations.NullMarked;
