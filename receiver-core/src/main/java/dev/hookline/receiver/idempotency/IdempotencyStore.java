package dev.hookline.receiver.idempotency;

import dev.hookline.receiver.core.IdempotencyStoreException;

/**
 * Remembers which deliveries were processed, so that a retried delivery runs its handlers once.
 * Implementations are thread-safe, and a store shared by several instances makes the guarantee hold
 * across them. A claim that is neither completed nor released expires after the store's lease, so a
 * crashed processor cannot block a key forever; done keys are kept for the store's retention.
 */
public interface IdempotencyStore {

  /**
   * Atomically claims the key.
   *
   * @return {@code NEW} with a lease token, {@code DONE} or {@code IN_FLIGHT}
   * @throws IdempotencyStoreException if the store cannot be reached or is full
   */
  Claim claim(String key);

  /**
   * Marks a claimed key as processed.
   *
   * @throws IdempotencyStoreException if the store cannot be reached
   */
  void complete(Claim claim);

  /**
   * Gives a claimed key back unprocessed, so that the next delivery processes it.
   *
   * @throws IdempotencyStoreException if the store cannot be reached
   */
  void release(Claim claim);

  /**
   * Checks that the store can answer, for health indicators. The default does nothing, which suits
   * stores in this JVM.
   *
   * @throws IdempotencyStoreException if the store cannot be reached
   */
  default void check() {}
}
