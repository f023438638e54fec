/**
 * Events: {@link dev.hookline.receiver.event.WebhookEvent} with lazily bound data and previous
 * values, the {@link dev.hookline.receiver.event.EventReader} contract, and the CloudEvents reader
 * (structured, batch, binary).
 *
 * <p>Everything here is non-null unless documented otherwise: absent values are {@code Optional} or
 * empty collections.
 */
@NullMarked
package dev.hookline.receiver.event;

import org.jspecify.annotations.NullMarked;
