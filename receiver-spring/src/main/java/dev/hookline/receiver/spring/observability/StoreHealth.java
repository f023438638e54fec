package dev.hookline.receiver.spring.observability;

import dev.hookline.receiver.idempotency.InMemoryIdempotencyStore;
import dev.hookline.receiver.inbox.InboxAdmin;
import dev.hookline.receiver.spring.autoconfigure.HooklineReceivers;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The health of the idempotency store and of the asynchronous endpoints' inboxes (backlog and dead
 * count), independent of the Boot line's health API. Down when one of them cannot be reached.
 */
final class StoreHealth {

  private final HooklineReceivers receivers;

  StoreHealth(HooklineReceivers receivers) {
    this.receivers = receivers;
  }

  /** Whether every store answers, and details about each. */
  record Status(boolean up, Map<String, Object> details) {}

  Status check() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("store", receivers.store().getClass().getSimpleName());
    if (receivers.store() instanceof InMemoryIdempotencyStore memory) {
      details.put("keys", memory.size());
    }
    boolean up = true;
    try {
      receivers.store().check();
    } catch (RuntimeException e) {
      details.put("error", e.getMessage());
      up = false;
    }
    for (String endpoint : receivers.receivers().keySet()) {
      InboxAdmin inbox = receivers.inboxAdmin(endpoint).orElse(null);
      if (inbox == null) {
        continue;
      }
      Map<String, Object> inboxDetails = new LinkedHashMap<>();
      try {
        inboxDetails.put("backlog", inbox.backlog());
        inboxDetails.put("dead", inbox.deadCount());
      } catch (RuntimeException e) {
        inboxDetails.put("error", e.getMessage());
        up = false;
      }
      details.put("inbox." + endpoint, inboxDetails);
    }
    return new Status(up, details);
  }
}
