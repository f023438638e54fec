/**
 * Arta, art shipping: the envelope reader (idempotency key from the body's SHA-256) and a receiver
 * preset whose verifier must be chosen explicitly.
 *
 * <p>Everything here is non-null unless documented otherwise: absent values are {@code Optional} or
 * empty collections.
 */
@NullMarked
package dev.hookline.receiver.arta;

import org.jspecify.annotations.NullMarked;
