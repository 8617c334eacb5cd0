/**
 * The hand-written GitHub webhook controller of the load run: the peer the receiver is compared to.
 */
@NullMarked
package dev.webhookreceiver.benchmarks.handwritten;

import org.jspecify.annotations.NullMarked;
