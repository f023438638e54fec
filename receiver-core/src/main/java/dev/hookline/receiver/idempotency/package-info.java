/**
 * Deduplication of deliveries: the {@link dev.hookline.receiver.idempotency.IdempotencyStore} SPI
 * (claim, complete, release, leases, retention) and the bounded in-memory default.
 *
 * <p>Everything here is non-null unless documented otherwise: absent values are {@code Optional} or
 * empty collections.
 */
@NullMarked
package dev.hookline.receiver.idempotency;

import org.jspecify.annotations.NullMarked;
