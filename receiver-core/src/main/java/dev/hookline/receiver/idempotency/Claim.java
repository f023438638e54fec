package dev.hookline.receiver.idempotency;

import java.util.Objects;

/**
 * The answer of {@link IdempotencyStore#claim}: the key, what was found, and for {@link
 * ClaimStatus#NEW} the lease token that {@code complete} and {@code release} must present.
 *
 * @param key the idempotency key
 * @param status what the store found
 * @param token identifies this holder's lease; empty unless the status is {@code NEW}
 */
public record Claim(String key, ClaimStatus status, String token) {

  /** Validates the fields. */
  public Claim {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(token, "token");
  }

  /** A claim the caller now holds. */
  public static Claim acquired(String key, String token) {
    return new Claim(key, ClaimStatus.NEW, token);
  }

  /** A claim on a key processed before. */
  public static Claim done(String key) {
    return new Claim(key, ClaimStatus.DONE, "");
  }

  /** A claim on a key someone else is processing. */
  public static Claim inFlight(String key) {
    return new Claim(key, ClaimStatus.IN_FLIGHT, "");
  }

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
}
