/**
 * JMH benchmarks of webhook-receiver, each measured beside the limit and the peers in one run.
 */
@NullMarked
package dev.webhookreceiver.benchmarks;

import org.jspecify.annotations.NullMarked;
