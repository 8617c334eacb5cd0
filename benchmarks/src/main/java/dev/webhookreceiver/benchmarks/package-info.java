/**
 * Benchmarks of webhook-receiver, each measured beside the limit and the peers in one run: JMH
 * benchmarks and the end-to-end load run ({@link dev.webhookreceiver.benchmarks.LoadRun}).
 */
@NullMarked
package dev.webhookreceiver.benchmarks;

import org.jspecify.annotations.NullMarked;
