/**
 * Stripe: the {@code Stripe-Signature} scheme, the event reader and the receiver preset.
 *
 * <p>Everything here is non-null unless documented otherwise: absent values are {@code Optional} or
 * empty collections.
 */
@NullMarked
package dev.hookline.receiver.stripe;

import org.jspecify.annotations.NullMarked;
