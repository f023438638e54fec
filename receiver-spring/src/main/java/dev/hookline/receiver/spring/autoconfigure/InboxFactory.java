package dev.hookline.receiver.spring.autoconfigure;

import dev.hookline.receiver.inbox.Inbox;

/** Creates the inbox of one asynchronous endpoint; a bean of this type replaces the default. */
@FunctionalInterface
public interface InboxFactory {

  /** The inbox of the named endpoint. */
  Inbox create(String endpoint);
}
