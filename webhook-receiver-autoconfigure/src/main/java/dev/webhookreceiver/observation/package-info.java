/**
 * Metrics and observations of deliveries and handlers.
 */
@NullMarked
package dev.webhookreceiver.observation;

import org.jspecify.annotations.NullMarked;
