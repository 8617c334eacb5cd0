/**
 * A small shop that receives GitHub issues, Stripe payments and Standard Webhooks order events
 * and records what it handled as {@link dev.webhookreceiver.sample.Activity}.
 */
@NullMarked
package dev.webhookreceiver.sample;

import org.jspecify.annotations.NullMarked;
