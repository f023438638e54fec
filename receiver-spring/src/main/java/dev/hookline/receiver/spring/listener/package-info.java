/**
 * Calling {@link dev.hookline.receiver.spring.WebhookListener} methods: finding them on the beans,
 * resolving each parameter once at startup, and invoking them as the endpoint's handlers.
 *
 * <p>Everything here is non-null unless documented otherwise.
 */
@NullMarked
package dev.hookline.receiver.spring.listener;

import org.jspecify.annotations.NullMarked;
