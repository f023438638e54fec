/**
 * Plumbing the provider clients of this module share: the transport (timeout, retries of 429 and
 * 503 after their {@code Retry-After}, errors as {@link
 * dev.hookline.receiver.clients.ApiException}s), JSON calls to a provider's API, lazy paging, and
 * the mapper and timestamp parsing they read responses with. Not API: public only so that the
 * client packages can reach it, left out of the Javadoc, and it may change in any release without
 * notice.
 *
 * <p>Everything here is non-null unless documented otherwise.
 */
@NullMarked
package dev.hookline.receiver.clients.internal;

import org.jspecify.annotations.NullMarked;
