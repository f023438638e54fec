/**
 * Asynchronous processing: an {@link dev.hookline.receiver.inbox.Inbox} stores verified events
 * (answered 202), an {@code dev.hookline.receiver.InboxWorker} runs their handlers with retries,
 * backoff and a dead state, and an operator looks at and requeues the dead messages through {@link
 * dev.hookline.receiver.inbox.InboxAdmin}. {@link dev.hookline.receiver.inbox.InMemoryInbox} is the
 * non-durable default for development.
 *
 * <p>Everything here is non-null unless documented otherwise.
 */
@NullMarked
package dev.hookline.receiver.inbox;

import org.jspecify.annotations.NullMarked;
