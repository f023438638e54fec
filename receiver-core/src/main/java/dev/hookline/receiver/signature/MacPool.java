package dev.hookline.receiver.signature;

import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.crypto.Mac;
import org.jspecify.annotations.Nullable;

/**
 * Initialised MACs for one key, reused across requests. A {@link Mac} is not thread-safe, so each
 * call takes one for itself; cloning the initialised prototype on every call cost about a sixth of
 * an HMAC over a 1.5 KB body, so finished MACs (reset by {@code doFinal}) go back to a few idle
 * slots for the next call. When every slot is busy a call clones the prototype, and a MAC that
 * finds no free slot is dropped, so the pool never holds more than its slots.
 */
final class MacPool {

  private final Mac prototype;
  private final AtomicReferenceArray<@Nullable Mac> idle;

  /**
   * @param prototype an initialised MAC that is only ever cloned
   * @param slots how many idle MACs are kept
   */
  MacPool(Mac prototype, int slots) {
    this.prototype = prototype;
    this.idle = new AtomicReferenceArray<>(slots);
  }

  /** A MAC for this caller alone, ready for {@code update}. */
  Mac take() {
    for (int i = 0; i < idle.length(); i++) {
      Mac mac = idle.get(i);
      if (mac != null && idle.compareAndSet(i, mac, null)) {
        return mac;
      }
    }
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(prototype.getAlgorithm() + " MAC cannot be cloned", e);
    }
  }

  /** Hands back a MAC that {@code doFinal} has just reset; one left mid-update must not return. */
  void give(Mac mac) {
    for (int i = 0; i < idle.length(); i++) {
      if (idle.get(i) == null && idle.compareAndSet(i, null, mac)) {
        return;
      }
    }
  }
}
