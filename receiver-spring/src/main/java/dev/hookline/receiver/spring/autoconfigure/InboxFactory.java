package dev.hookline.receiver.spring.autoconfigure;

import dev.hookline.receiver.inbox.Inbox;

/**
 * Creates the inbox of one asynchronous endpoint; a bean of this type replaces the default. An
 * inbox that also implements {@link dev.hookline.receiver.inbox.InboxAdmin}, as the in-memory and
 * JDBC inboxes do, shows its backlog and dead messages in the health indicator, the metrics and the
 * {@code hookline} actuator endpoint, which can requeue them.
 */
@FunctionalInterface
public interface InboxFactory {

  /** The inbox of the named endpoint. */
  Inbox create(String endpoint);
}
