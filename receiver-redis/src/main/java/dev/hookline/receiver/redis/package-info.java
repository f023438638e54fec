/**
 * A Redis {@link dev.hookline.receiver.idempotency.IdempotencyStore}: {@link
 * dev.hookline.receiver.redis.RedisIdempotencyStore} keeps one Redis key per idempotency key, under
 * a prefix, shared by every receiver instance that uses the same server, through a Lettuce client.
 * Leases and retention are key expiries, measured by the server's clock. Everything here is
 * non-null unless documented otherwise.
 */
@NullMarked
package dev.hookline.receiver.redis;

import org.jspecify.annotations.NullMarked;
