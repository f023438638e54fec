package dev.hookline.receiver.test;

import dev.hookline.receiver.inbox.InMemoryInbox;

/** The core's in-memory inbox keeps the inbox contract. */
class InMemoryInboxContractTest extends InboxContract<InMemoryInbox> {

  @Override
  protected InMemoryInbox createInbox() {
    return InMemoryInbox.create(InMemoryInbox.DEFAULT_MAX_ENTRIES, RETENTION, clock());
  }
}
