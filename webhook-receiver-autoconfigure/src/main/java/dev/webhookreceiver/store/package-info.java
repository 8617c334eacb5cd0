/**
 * The delivery store: the {@code webhook_delivery} table, the
 * {@link dev.webhookreceiver.store.DeliveryStore} SPI and its JPA implementation, the purge of
 * completed deliveries older than the retention, and the schema scripts.
 */
@NullMarked
package dev.webhookreceiver.store;

import org.jspecify.annotations.NullMarked;
