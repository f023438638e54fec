package dev.hookline.receiver.test;

import dev.hookline.receiver.inbox.InMemoryInbox;
import dev.hookline.receiver.inbox.Inbox;

/** The core's in-memory inbox keeps the inbox contract. */
class InMemoryInboxContractTest extends InboxContract {

  @Override
  protected Inbox createInbox() {
    return InMemoryInbox.create(InMemoryInbox.DEFAULT_MAX_ENTRIES, RETENTION, clock());
  }
}
