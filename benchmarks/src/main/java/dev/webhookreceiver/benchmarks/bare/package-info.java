/**
 * The bare endpoint of the load run: the limit.
 */
@NullMarked
package dev.webhookreceiver.benchmarks.bare;

import org.jspecify.annotations.NullMarked;
