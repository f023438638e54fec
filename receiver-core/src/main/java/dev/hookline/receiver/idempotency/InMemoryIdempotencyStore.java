package dev.hookline.receiver.idempotency;

import dev.hookline.receiver.core.IdempotencyStoreException;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.internal.Millis;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The default store: bounded, thread-safe, in this JVM only (not shared by instances, lost on
 * restart). When full it evicts the oldest done keys first; if every entry is in flight it refuses
 * new claims with {@link IdempotencyStoreException}, which the receiver answers with 503.
 *
 * <p>Claims of different keys do not wait for each other: each key's entry changes by
 * compare-and-set, and completed keys queue in completion order for eviction and purge. Under
 * concurrent claims of new keys the bound may be passed by at most the number of claiming threads,
 * for as long as those claims take.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

  /** Default bound on remembered keys: 100,000. */
  public static final int DEFAULT_MAX_ENTRIES = 100_000;

  /** Default lease on an in-flight claim: 1 minute. */
  public static final Duration DEFAULT_LEASE = Duration.ofMinutes(1);

  /** Default retention of done keys: 7 days. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  /** At most one bulk purge per this many milliseconds. */
  private static final long PURGE_INTERVAL_MILLIS = 1_000;

  private final int maxEntries;
  private final Duration lease;
  private final Duration retention;
  private final long leaseMillis;
  private final long retentionMillis;
  private final Clock clock;

  /** Every remembered key: in flight with its lease, or done. */
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  /** The number of entries, counted as they are added and removed. */
  private final AtomicInteger size = new AtomicInteger();

  /**
   * Done entries, oldest completion first. A key that was evicted, purged or claimed again since
   * stays queued until it reaches the head, where it is dropped without touching its new entry.
   */
  private final Queue<Done> completions = new ConcurrentLinkedQueue<>();

  private final AtomicLong nextToken = new AtomicLong();

  /**
   * When done keys past their retention are next dropped in bulk, in epoch milliseconds. Claims
   * check a key's own retention exactly, so purging at most once a second only delays when memory
   * is freed, and spares each claim a look at the oldest entry.
   */
  private final AtomicLong nextPurge = new AtomicLong(Long.MIN_VALUE);

  private InMemoryIdempotencyStore(Builder builder) {
    this.maxEntries = builder.maxEntries;
    this.lease = builder.lease;
    this.retention = builder.retention;
    this.leaseMillis = Math.max(1, Millis.of(builder.lease));
    this.retentionMillis = Math.max(1, Millis.of(builder.retention));
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
  public Claim claim(String key) {
    Objects.requireNonNull(key, "key");
    long now = clock.millis();
    long oldestKept = Millis.saturatedAdd(now, -retentionMillis);
    long purgeAt = nextPurge.get();
    if (now >= purgeAt
        && nextPurge.compareAndSet(purgeAt, Millis.saturatedAdd(now, PURGE_INTERVAL_MILLIS))) {
      purgeExpired(oldestKept);
    }
    long expiry = Millis.saturatedAdd(now, leaseMillis);
    while (true) {
      Entry current = entries.get(key);
      if (current == null) {
        makeRoom();
        InFlight claimed = new InFlight(nextToken(), expiry);
        if (entries.putIfAbsent(key, claimed) == null) {
          size.incrementAndGet();
          return Claim.acquired(key, claimed.token);
        }
      } else if (current instanceof InFlight held && held.expiresAt > now) {
        return Claim.inFlight(key);
      } else if (current instanceof Done done && done.completedAt >= oldestKept) {
        return Claim.done(key);
      } else {
        // An expired lease, or a done key past its retention that no purge has dropped yet.
        InFlight claimed = new InFlight(nextToken(), expiry);
        if (entries.replace(key, current, claimed)) {
          return Claim.acquired(key, claimed.token);
        }
      }
      // Another claim changed the key in the meantime: look again.
    }
  }

  @Override
  public void complete(Claim claim) {
    InFlight held = heldBy(claim);
    if (held == null) {
      return;
    }
    Done done = new Done(claim.key(), clock.millis());
    if (entries.replace(claim.key(), held, done)) {
      completions.add(done);
    }
  }

  @Override
  public void release(Claim claim) {
    InFlight held = heldBy(claim);
    if (held != null && entries.remove(claim.key(), held)) {
      size.decrementAndGet();
    }
  }

  /** The number of keys remembered, in flight and done. */
  public int size() {
    return size.get();
  }

  /** The key's lease if the claim's token still holds it; a lease taken over is another's. */
  private @Nullable InFlight heldBy(Claim claim) {
    String token = claim.token();
    return entries.get(claim.key()) instanceof InFlight held && held.token.equals(token)
        ? held
        : null;
  }

  private String nextToken() {
    return Long.toString(nextToken.incrementAndGet());
  }

  private void purgeExpired(long oldestKept) {
    Done oldest;
    while ((oldest = completions.peek()) != null && oldest.completedAt < oldestKept) {
      if (completions.remove(oldest)) {
        forget(oldest);
      }
    }
  }

  /** Evicts the oldest done keys while the store is full. */
  private void makeRoom() {
    while (size.get() >= maxEntries) {
      Done oldest = completions.poll();
      if (oldest == null) {
        throw new IdempotencyStoreException(
            "in-memory idempotency store is full: " + size.get() + " deliveries in flight");
      }
      forget(oldest);
    }
  }

  /** Drops a done key, unless it was evicted, purged or claimed again since it was queued. */
  private void forget(Done done) {
    if (entries.remove(done.key, done)) {
      size.decrementAndGet();
    }
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

  /**
   * A key's state. Entries compare by identity, so that a compare-and-set only replaces the very
   * entry it read.
   */
  private abstract static class Entry {}

  /** Times are epoch milliseconds: an entry is a few words, for a store that holds many. */
  private static final class InFlight extends Entry {
    final String token;
    final long expiresAt;

    InFlight(String token, long expiresAt) {
      this.token = token;
      this.expiresAt = expiresAt;
    }
  }

  /** A done key, also queued in the order of completions. */
  private static final class Done extends Entry {
    final String key;
    final long completedAt;

    Done(String key, long completedAt) {
      this.key = key;
      this.completedAt = completedAt;
    }
  }

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
