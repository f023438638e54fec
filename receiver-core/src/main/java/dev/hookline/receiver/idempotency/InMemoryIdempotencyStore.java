package dev.hookline.receiver.idempotency;

import dev.hookline.receiver.core.IdempotencyStoreException;
import dev.hookline.receiver.core.WebhookConfigurationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The default store: bounded, thread-safe, in this JVM only (not shared by instances, lost on
 * restart). When full it evicts the oldest done keys first; if every entry is in flight it refuses
 * new claims with {@link IdempotencyStoreException}, which the receiver answers with 503.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

  /** Default bound on remembered keys: 100,000. */
  public static final int DEFAULT_MAX_ENTRIES = 100_000;

  /** Default lease on an in-flight claim: 1 minute. */
  public static final Duration DEFAULT_LEASE = Duration.ofMinutes(1);

  /** Default retention of done keys: 7 days. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  private static final Duration PURGE_INTERVAL = Duration.ofSeconds(1);

  private final int maxEntries;
  private final Duration lease;
  private final Duration retention;
  private final Clock clock;

  /** In-flight keys and their leases. Guarded by {@code this}. */
  private final Map<String, Lease> inFlight = new HashMap<>();

  /** Done keys and their completion time, oldest completion first. Guarded by {@code this}. */
  private final LinkedHashMap<String, Instant> done = new LinkedHashMap<>();

  private long nextToken;

  /**
   * When done keys past their retention are next dropped in bulk. Claims check a key's own
   * retention exactly, so purging at most once per {@link #PURGE_INTERVAL} only delays when memory
   * is freed, and spares each claim a look at the oldest entry.
   */
  private Instant nextPurge = Instant.MIN;

  private InMemoryIdempotencyStore(Builder builder) {
    this.maxEntries = builder.maxEntries;
    this.lease = builder.lease;
    this.retention = builder.retention;
    this.clock = builder.clock;
  }

  /** A store with the default bound, lease and retention. */
  public static InMemoryIdempotencyStore create() {
    return builder().build();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public synchronized Claim claim(String key) {
    Objects.requireNonNull(key, "key");
    Instant now = clock.instant();
    if (!now.isBefore(nextPurge)) {
      purgeExpired(now);
      nextPurge = now.plus(PURGE_INTERVAL);
    }
    Lease current = inFlight.get(key);
    if (current != null && current.expiresAt().isAfter(now)) {
      return Claim.inFlight(key);
    }
    if (current == null) {
      Instant completedAt = done.get(key);
      if (completedAt != null) {
        if (!completedAt.isBefore(now.minus(retention))) {
          return Claim.done(key);
        }
        done.remove(key); // past its retention, not yet purged
      }
      makeRoom();
    }
    String token = Long.toString(++nextToken);
    inFlight.put(key, new Lease(token, now.plus(lease)));
    return Claim.acquired(key, token);
  }

  @Override
  public synchronized void complete(Claim claim) {
    // A key held in flight is never among the done keys (claim checks them first), so this put
    // appends it: the done keys stay in completion order.
    if (release(claim.key(), claim.token())) {
      done.put(claim.key(), clock.instant());
    }
  }

  @Override
  public synchronized void release(Claim claim) {
    release(claim.key(), claim.token());
  }

  /** The number of keys remembered, in flight and done. */
  public synchronized int size() {
    return inFlight.size() + done.size();
  }

  /** Removes the lease if the token still holds it; a lease taken over by another holder stays. */
  private boolean release(String key, String token) {
    Lease current = inFlight.get(key);
    if (current == null || !current.token().equals(token)) {
      return false;
    }
    inFlight.remove(key);
    return true;
  }

  private void purgeExpired(Instant now) {
    Instant oldestKept = now.minus(retention);
    Iterator<Instant> completions = done.values().iterator();
    while (completions.hasNext() && completions.next().isBefore(oldestKept)) {
      completions.remove();
    }
  }

  private void makeRoom() {
    if (inFlight.size() + done.size() < maxEntries) {
      return;
    }
    Iterator<String> oldest = done.keySet().iterator();
    if (oldest.hasNext()) {
      oldest.next();
      oldest.remove();
      return;
    }
    throw new IdempotencyStoreException(
        "in-memory idempotency store is full: " + inFlight.size() + " deliveries in flight");
  }

  @Override
  public String toString() {
    return "InMemoryIdempotencyStore[maxEntries="
        + maxEntries
        + ", lease="
        + lease
        + ", retention="
        + retention
        + "]";
  }

  private record Lease(String token, Instant expiresAt) {}

  /** Configures an {@link InMemoryIdempotencyStore}; not thread-safe. */
  public static final class Builder {
    private int maxEntries = DEFAULT_MAX_ENTRIES;
    private Duration lease = DEFAULT_LEASE;
    private Duration retention = DEFAULT_RETENTION;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The most keys kept, in flight and done; default {@value #DEFAULT_MAX_ENTRIES}. */
    public Builder maxEntries(int maxEntries) {
      this.maxEntries = maxEntries;
      return this;
    }

    /** How long an uncompleted claim blocks its key; default 1 minute. */
    public Builder lease(Duration lease) {
      this.lease = Objects.requireNonNull(lease, "lease");
      return this;
    }

    /** How long a done key is remembered; default 7 days. */
    public Builder retention(Duration retention) {
      this.retention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    /** The clock leases and retention are measured with. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Returns the store.
     *
     * @throws WebhookConfigurationException if a bound or duration is not positive
     */
    public InMemoryIdempotencyStore build() {
      if (maxEntries < 1) {
        throw new WebhookConfigurationException(
            "maxEntries must be positive, but was " + maxEntries);
      }
      if (lease.isNegative() || lease.isZero()) {
        throw new WebhookConfigurationException("lease must be positive, but was " + lease);
      }
      if (retention.isNegative() || retention.isZero()) {
        throw new WebhookConfigurationException("retention must be positive, but was " + retention);
      }
      return new InMemoryIdempotencyStore(this);
    }
  }
}
