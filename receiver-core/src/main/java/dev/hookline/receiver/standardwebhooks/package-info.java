/**
 * Standard Webhooks (and Svix): v1 HMAC and v1a Ed25519 signatures, the event reader and the
 * receiver preset.
 *
 * <p>Everything here is non-null unless documented otherwise: absent values are {@code Optional} or
 * empty collections.
 */
@NullMarked
package dev.hookline.receiver.standardwebhooks;

import org.jspecify.annotations.NullMarked;
