/**
 * The leaf types every other package builds on: the request an adapter hands over, the response it
 * writes back, headers, delivery outcomes, retry statuses and the {@link
 * dev.hookline.receiver.core.WebhookException} family.
 *
 * <p>Everything here is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.hookline.receiver.core;

import org.jspecify.annotations.NullMarked;
