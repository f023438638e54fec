package dev.hookline.receiver.idempotency;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory store that also records every key claimed, in order, for tests of keys. */
public final class RecordingIdempotencyStore implements IdempotencyStore {

  private final IdempotencyStore store = InMemoryIdempotencyStore.create();
  private final List<String> claimed = new CopyOnWriteArrayList<>();

  /** The keys claimed so far, repeats included; a live view. */
  public List<String> claimed() {
    return claimed;
  }

  @Override
  public Claim claim(String key) {
    claimed.add(key);
    return store.claim(key);
  }

  @Override
  public void complete(Claim claim) {
    store.complete(claim);
  }

  @Override
  public void release(Claim claim) {
    store.release(claim);
  }
}
