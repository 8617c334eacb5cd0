/**
 * The command line: {@link dev.webhookreceiver.test.cli.Send} signs a delivery of any provider
 * and sends it to a running application.
 */
@NullMarked
package dev.webhookreceiver.test.cli;

import org.jspecify.annotations.NullMarked;
