/**
 * Shopify: the {@code X-Shopify-Hmac-Sha256} scheme, the event reader (topic from {@code
 * X-Shopify-Topic}, idempotency key from the body's SHA-256) and the receiver preset.
 *
 * <p>Everything here is non-null unless documented otherwise: absent values are {@code Optional} or
 * empty collections.
 */
@NullMarked
package dev.hookline.receiver.shopify;

import org.jspecify.annotations.NullMarked;
