/**
 * The HTTP side: the controller that receives deliveries, bounded body reading, and answers as
 * JSON or {@code application/problem+json}.
 */
@NullMarked
package dev.webhookreceiver.web;

import org.jspecify.annotations.NullMarked;
