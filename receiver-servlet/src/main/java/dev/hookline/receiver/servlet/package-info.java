/**
 * The Jakarta Servlet adapter: {@link dev.hookline.receiver.servlet.WebhookFilter} translates
 * servlet requests into {@link dev.hookline.receiver.core.WebhookRequest}s and writes the
 * receiver's {@link dev.hookline.receiver.core.WebhookResponse} back, byte for byte. All decisions
 * stay in the receiver.
 *
 * <p>Everything here is non-null unless documented otherwise.
 */
@NullMarked
package dev.hookline.receiver.servlet;

import org.jspecify.annotations.NullMarked;
