package dev.hookline.receiver.idempotency;

/** What {@link IdempotencyStore#claim} found for a key. */
public enum ClaimStatus {
  /**
   * First delivery (or an expired lease taken over): the caller processes, then completes or
   * releases.
   */
  NEW,
  /** Already processed within the retention: drop the delivery, acknowledge it. */
  DONE,
  /** Another thread or instance holds a live lease: ask the sender to retry later. */
  IN_FLIGHT
}
