package dev.hookline.receiver.spring;

import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.idempotency.InMemoryIdempotencyStore;
import java.util.LinkedHashMap;
import java.util.Map;

/** The idempotency store's health, independent of the Boot line's health API. */
final class StoreHealth {

  private final IdempotencyStore store;

  StoreHealth(IdempotencyStore store) {
    this.store = store;
  }

  /** Whether the store answers, and details about it. */
  record Status(boolean up, Map<String, Object> details) {}

  Status check() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("store", store.getClass().getSimpleName());
    if (store instanceof InMemoryIdempotencyStore memory) {
      details.put("keys", memory.size());
    }
    try {
      store.check();
      return new Status(true, details);
    } catch (RuntimeException e) {
      details.put("error", e.getMessage());
      return new Status(false, details);
    }
  }
}
