/**
 * Processing of claimed deliveries: the one place that runs a delivery's handlers in one
 * transaction with its completion mark or records its failure, used alike by the sync request
 * path and by the workers of async endpoints, and those workers.
 */
@NullMarked
package dev.webhookreceiver.process;

import org.jspecify.annotations.NullMarked;
