package dev.hookline.receiver.test;

import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.idempotency.InMemoryIdempotencyStore;

/** The core's in-memory store keeps the idempotency store contract. */
class InMemoryIdempotencyStoreContractTest extends IdempotencyStoreContract {

  @Override
  protected IdempotencyStore createStore() {
    return InMemoryIdempotencyStore.builder()
        .clock(clock())
        .lease(LEASE)
        .retention(RETENTION)
        .build();
  }
}
