/**
 * Routing events to handlers by topic pattern (exact, {@code prefix.*}, {@code *}) and aggregating
 * handler failures.
 *
 * <p>Everything here is non-null unless documented otherwise: absent values are {@code Optional} or
 * empty collections.
 */
@NullMarked
package dev.hookline.receiver.dispatch;

import org.jspecify.annotations.NullMarked;
