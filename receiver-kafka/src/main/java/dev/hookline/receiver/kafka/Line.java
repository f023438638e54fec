package dev.hookline.receiver.kafka;

import java.util.ArrayDeque;

/**
 * The records of one assigned partition that are fetched and not yet committed, in offset order.
 * Guarded by its {@link InboxConsumer}'s lock.
 */
final class Line {
  final ArrayDeque<Slot> slots = new ArrayDeque<>();
  long next = -1; // the offset after the last settled record at the head; -1 before any
  long committed = -1;
  boolean paused;

  /** Drops settled records from the head. */
  void prune() {
    while (!slots.isEmpty() && slots.peekFirst().state == Slot.State.SETTLED) {
      next = slots.pollFirst().offset + 1;
    }
  }
}
