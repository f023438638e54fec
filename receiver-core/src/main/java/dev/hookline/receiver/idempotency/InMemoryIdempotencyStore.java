package dev.hookline.receiver.idempotency;

import dev.hookline.receiver.core.IdempotencyStoreException;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.internal.KeyNamespaces;
import dev.hookline.receiver.internal.Millis;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The default store: bounded, thread-safe, in this JVM only (not shared by instances, lost on
 * restart). When full it evicts a done key; if every entry is in flight it refuses new claims with
 * {@link IdempotencyStoreException}, which the receiver answers with 503.
 *
 * <p>Eviction keeps namespaces apart. A key's namespace is its text before the first {@code |}: the
 * receiver's endpoint, and tenant after a slash ({@code lucca/acme|<key>}); keys without a {@code
 * |} share one namespace. A full store drops the oldest done key of the namespace holding the most
 * done keys, or of the claimant's own namespace when that holds as many. So a namespace loses a key
 * to another's new one only while it holds more done keys than that one: a sender who can sign for
 * one endpoint or tenant, and fills the store with new events, evicts its own keys, not the
 * others', unless they hold more than it does.
 *
 * <p>A busy receiver remembers many keys for seconds to days, so the store keeps them in arrays of
 * primitives, not one object per key, which the garbage collector would copy into the old
 * generation and reclaim there. A key is kept as its 128-bit SipHash digest under a random key of
 * this store's own: two keys are confused only by chance, about once in 2<sup>64</sup> keys, and
 * nobody can search for such a pair without the key.
 *
 * <p>A store of at least 8,192 keys is split by the keys' digests into up to 16 stripes of at least
 * 4,096 keys, each with its own lock, so that claims of different keys seldom wait for each other.
 * Eviction and the refusal when full then apply to the claimed key's stripe: a claim evicts a done
 * key of its stripe, counting the namespaces' done keys in that stripe, and is refused when every
 * key of its stripe is in flight. Digests spread each namespace's keys evenly over the stripes. The
 * bound holds exactly. Arrays grow with the number of keys, up to the bound.
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

  /** The fewest keys a stripe holds when the store is split. */
  private static final int STRIPE_MIN = 4_096;

  /** The most stripes. */
  private static final int MAX_STRIPES = 16;

  /** No slot. */
  private static final int NONE = -1;

  private final int maxEntries;
  private final Duration lease;
  private final Duration retention;
  private final long leaseMillis;
  private final long retentionMillis;
  private final Clock clock;
  private final SipHash hash = SipHash.randomlyKeyed();
  private final Stripe[] stripes;

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
    int count = Math.max(1, Integer.highestOneBit(Math.min(MAX_STRIPES, maxEntries / STRIPE_MIN)));
    this.stripes = new Stripe[count];
    for (int i = 0; i < count; i++) {
      // The remainder goes to the first stripes, so that the capacities add up to the bound.
      stripes[i] = new Stripe(maxEntries / count + (i < maxEntries % count ? 1 : 0));
    }
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
    SipHash.Digest digest = hash.digest(key);
    long now = clock.millis();
    long oldestKept = Millis.saturatedAdd(now, -retentionMillis);
    long purgeAt = nextPurge.get();
    if (now >= purgeAt
        && nextPurge.compareAndSet(purgeAt, Millis.saturatedAdd(now, PURGE_INTERVAL_MILLIS))) {
      for (Stripe stripe : stripes) {
        stripe.purge(oldestKept);
      }
    }
    long token =
        stripeOf(digest).claim(digest, key, now, oldestKept, Millis.saturatedAdd(now, leaseMillis));
    if (token == Stripe.DONE) {
      return Claim.done(key);
    }
    if (token == Stripe.IN_FLIGHT) {
      return Claim.inFlight(key);
    }
    if (token == Stripe.FULL) {
      throw new IdempotencyStoreException(
          "in-memory idempotency store is full: "
              + stripeOf(digest).size()
              + " deliveries in flight"
              + (stripes.length > 1 ? " in one of its " + stripes.length + " stripes" : ""));
    }
    return Claim.acquired(key, Long.toString(token));
  }

  @Override
  public void complete(Claim claim) {
    long token = tokenOf(claim);
    if (token > 0) {
      SipHash.Digest digest = hash.digest(claim.key());
      stripeOf(digest).complete(digest, token, clock.millis());
    }
  }

  @Override
  public void release(Claim claim) {
    long token = tokenOf(claim);
    if (token > 0) {
      SipHash.Digest digest = hash.digest(claim.key());
      stripeOf(digest).release(digest, token);
    }
  }

  /** The number of keys remembered, in flight and done. */
  public int size() {
    int size = 0;
    for (Stripe stripe : stripes) {
      size += stripe.size();
    }
    return size;
  }

  private Stripe stripeOf(SipHash.Digest digest) {
    return stripes[(int) (digest.first() >>> 32) & (stripes.length - 1)];
  }

  /** The lease token a claim of this store carries, or 0 for any other. */
  private static long tokenOf(Claim claim) {
    String token = claim.token();
    if (token.isEmpty() || token.length() > 18) {
      return 0;
    }
    long value = 0;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < '0' || c > '9') {
        return 0;
      }
      value = value * 10 + (c - '0');
    }
    return value;
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
   * A part of the store with its own lock. Each key has a slot: its digest, its state, a time (the
   * lease's end while in flight, the completion once done) and its namespace. A namespace's done
   * slots are linked in the order of completion, oldest first, for eviction and purge; free slots
   * are linked for reuse. An open-addressing index (linear probing, at most half full) finds a slot
   * from its digest.
   */
  private static final class Stripe {
    /** Answers of {@link #claim} other than a new lease's token, which is positive. */
    static final long DONE = 0;

    static final long IN_FLIGHT = -1;
    static final long FULL = -2;

    /** The state of a done slot; a slot in flight holds its positive lease token. */
    private static final long DONE_STATE = 0;

    /** The state of a free slot. */
    private static final long FREE = -1;

    private final int capacity;
    private final Namespaces namespaces = new Namespaces();
    private long[] first;
    private long[] second;
    private long[] state;
    private long[] time;

    /** The number of each slot's namespace in {@link #namespaces}. */
    private int[] space;

    /**
     * The next older and newer done slot of the same namespace; for a free slot, {@code newer} is
     * the next free one.
     */
    private int[] older;

    private int[] newer;

    /** Slot numbers plus one by digest; 0 is an empty position. */
    private int[] index;

    private int free = NONE;

    /** Slots below this were used at least once. */
    private int used;

    private int size;
    private long lastToken;

    Stripe(int capacity) {
      this.capacity = capacity;
      int slots = Math.min(capacity, 64);
      first = new long[slots];
      second = new long[slots];
      state = new long[slots];
      time = new long[slots];
      space = new int[slots];
      older = new int[slots];
      newer = new int[slots];
      index = new int[indexLength(slots)];
    }

    synchronized long claim(
        SipHash.Digest digest, String key, long now, long oldestKept, long expiry) {
      int position = find(digest.first(), digest.second());
      if (position >= 0) {
        int slot = index[position] - 1;
        long current = state[slot];
        if (current == DONE_STATE && time[slot] >= oldestKept) {
          return DONE;
        }
        if (current != DONE_STATE && time[slot] > now) {
          return IN_FLIGHT;
        }
        // A done key past its retention that no purge has dropped yet, or an expired lease.
        if (current == DONE_STATE) {
          unlink(slot);
        }
        return lease(slot, expiry);
      }
      Namespace claimant = namespaces.enter(key);
      if (size >= capacity) {
        Namespace victim = namespaces.victim(claimant);
        if (victim == null) {
          namespaces.leave(claimant);
          return FULL;
        }
        drop(victim.oldest);
      }
      int slot = takeSlot();
      first[slot] = digest.first();
      second[slot] = digest.second();
      space[slot] = claimant.number;
      index[-find(digest.first(), digest.second()) - 1] = slot + 1;
      size++;
      return lease(slot, expiry);
    }

    synchronized void complete(SipHash.Digest digest, long token, long now) {
      int slot = heldSlot(digest, token);
      if (slot != NONE) {
        Namespace namespace = namespaces.get(space[slot]);
        state[slot] = DONE_STATE;
        time[slot] = now;
        older[slot] = namespace.newest;
        newer[slot] = NONE;
        if (namespace.newest == NONE) {
          namespace.oldest = slot;
        } else {
          newer[namespace.newest] = slot;
        }
        namespace.newest = slot;
        namespaces.doneAdded(namespace);
      }
    }

    synchronized void release(SipHash.Digest digest, long token) {
      int slot = heldSlot(digest, token);
      if (slot != NONE) {
        remove(slot);
      }
    }

    synchronized void purge(long oldestKept) {
      for (int number = 0; number < namespaces.limit(); number++) {
        Namespace namespace = namespaces.numbered(number);
        while (namespace != null
            && namespace.oldest != NONE
            && time[namespace.oldest] < oldestKept) {
          drop(namespace.oldest);
        }
      }
    }

    synchronized int size() {
      return size;
    }

    private long lease(int slot, long expiry) {
      long token = ++lastToken;
      state[slot] = token;
      time[slot] = expiry;
      return token;
    }

    /** The slot of the digest if the token holds its lease, else {@link #NONE}. */
    private int heldSlot(SipHash.Digest digest, long token) {
      int position = find(digest.first(), digest.second());
      if (position < 0) {
        return NONE;
      }
      int slot = index[position] - 1;
      return state[slot] == token ? slot : NONE;
    }

    /**
     * The position of the digest's slot in the index, or {@code -(p + 1)} where p is the empty
     * position that ends its probe.
     */
    private int find(long wantedFirst, long wantedSecond) {
      int mask = index.length - 1;
      for (int position = (int) wantedSecond & mask; ; position = (position + 1) & mask) {
        int slot = index[position] - 1;
        if (slot < 0) {
          return -position - 1;
        }
        if (second[slot] == wantedSecond && first[slot] == wantedFirst) {
          return position;
        }
      }
    }

    /** Drops a done slot. */
    private void drop(int slot) {
      unlink(slot);
      remove(slot);
    }

    /** Takes a slot out of the index and its namespace, and frees it. */
    private void remove(int slot) {
      int mask = index.length - 1;
      int hole = find(first[slot], second[slot]);
      // Backward-shift deletion: move later entries of the probe sequence into the hole when
      // their own position lies at or before it, so that no probe stops early.
      for (int position = (hole + 1) & mask;
          index[position] != 0;
          position = (position + 1) & mask) {
        int home = (int) second[index[position] - 1] & mask;
        if (((position - home) & mask) >= ((position - hole) & mask)) {
          index[hole] = index[position];
          hole = position;
        }
      }
      index[hole] = 0;
      namespaces.leave(namespaces.get(space[slot]));
      state[slot] = FREE;
      newer[slot] = free;
      free = slot;
      size--;
    }

    /** Takes a done slot out of its namespace's order of completion. */
    private void unlink(int slot) {
      Namespace namespace = namespaces.get(space[slot]);
      int before = older[slot];
      int after = newer[slot];
      if (before == NONE) {
        namespace.oldest = after;
      } else {
        newer[before] = after;
      }
      if (after == NONE) {
        namespace.newest = before;
      } else {
        older[after] = before;
      }
      namespaces.doneRemoved(namespace);
    }

    private int takeSlot() {
      if (free != NONE) {
        int slot = free;
        free = newer[slot];
        return slot;
      }
      if (used == first.length) {
        grow(Math.min(capacity, first.length * 2));
      }
      return used++;
    }

    /** Grows the arrays to this many slots and rebuilds the index. */
    private void grow(int slots) {
      first = Arrays.copyOf(first, slots);
      second = Arrays.copyOf(second, slots);
      state = Arrays.copyOf(state, slots);
      time = Arrays.copyOf(time, slots);
      space = Arrays.copyOf(space, slots);
      older = Arrays.copyOf(older, slots);
      newer = Arrays.copyOf(newer, slots);
      index = new int[indexLength(slots)];
      for (int slot = 0; slot < used; slot++) {
        if (state[slot] != FREE) {
          index[-find(first[slot], second[slot]) - 1] = slot + 1;
        }
      }
    }

    /** The smallest power of two at least twice the slots: the index stays at most half full. */
    private static int indexLength(int slots) {
      return Integer.highestOneBit(slots * 2 - 1) << 1;
    }
  }

  /**
   * The namespaces a stripe holds keys of, each under a number its slots name, and a heap of them
   * by their number of done keys, the most first, which names the namespace a full stripe evicts
   * from. A namespace is forgotten with its last key, and its number given to the next new one.
   */
  private static final class Namespaces {
    private final Map<String, Namespace> byName = new HashMap<>();
    private @Nullable Namespace[] byNumber = new Namespace[4];
    private int[] freeNumbers = new int[4];
    private int freeCount;

    /** Numbers below this were given at least once. */
    private int numbers;

    private Namespace[] heap = new Namespace[4];

    /** Namespaces held, all in the heap. */
    private int count;

    private @Nullable Namespace recent;

    /** Numbers below this may name a namespace. */
    int limit() {
      return numbers;
    }

    /** The namespace under this number, or null if none is. */
    @Nullable Namespace numbered(int number) {
      return byNumber[number];
    }

    /** The namespace of a slot in use. */
    Namespace get(int number) {
      return Objects.requireNonNull(byNumber[number]);
    }

    /**
     * The key's namespace ({@link KeyNamespaces}), counting one more key of it. The last namespace
     * entered is looked at first, which spares most keys a copy of their namespace's name.
     */
    Namespace enter(String key) {
      int end = KeyNamespaces.length(key);
      Namespace namespace = recent;
      if (namespace == null
          || namespace.name.length() != end
          || !key.regionMatches(0, namespace.name, 0, end)) {
        namespace = namespace(key.substring(0, end));
        recent = namespace;
      }
      namespace.keys++;
      return namespace;
    }

    /** The named namespace, new if none is held. */
    private Namespace namespace(String name) {
      Namespace namespace = byName.get(name);
      if (namespace == null) {
        int number;
        if (freeCount > 0) {
          number = freeNumbers[--freeCount];
        } else {
          if (numbers == byNumber.length) {
            byNumber = Arrays.copyOf(byNumber, numbers * 2);
          }
          number = numbers++;
        }
        if (count == heap.length) {
          heap = Arrays.copyOf(heap, count * 2);
        }
        namespace = new Namespace(name, number, count);
        byName.put(name, namespace);
        byNumber[number] = namespace;
        heap[count++] = namespace; // no done key: the heap's last place suits it
      }
      return namespace;
    }

    /** Counts one key less of the namespace; forgets it with its last. */
    void leave(Namespace namespace) {
      if (--namespace.keys > 0) {
        return;
      }
      byName.remove(namespace.name);
      byNumber[namespace.number] = null;
      if (recent == namespace) {
        recent = null;
      }
      if (freeCount == freeNumbers.length) {
        freeNumbers = Arrays.copyOf(freeNumbers, freeCount * 2);
      }
      freeNumbers[freeCount++] = namespace.number;
      Namespace last = heap[--count];
      heap[count] = null;
      if (last != namespace) {
        last.place = namespace.place;
        heap[last.place] = last;
        up(last);
        down(last);
      }
    }

    /**
     * The namespace whose oldest done key a full stripe drops for the claimant's new key: the one
     * with the most done keys, or the claimant's own when it has as many; null when no key is done.
     */
    @Nullable Namespace victim(Namespace claimant) {
      Namespace most = heap[0];
      if (most.done == 0) {
        return null;
      }
      return claimant.done == most.done ? claimant : most;
    }

    void doneAdded(Namespace namespace) {
      namespace.done++;
      up(namespace);
    }

    void doneRemoved(Namespace namespace) {
      namespace.done--;
      down(namespace);
    }

    private void up(Namespace namespace) {
      int place = namespace.place;
      while (place > 0) {
        int parent = (place - 1) / 2;
        if (heap[parent].done >= namespace.done) {
          break;
        }
        move(heap[parent], place);
        place = parent;
      }
      if (place != namespace.place) { // most counts change without a move: no store then
        move(namespace, place);
      }
    }

    private void down(Namespace namespace) {
      int place = namespace.place;
      while (true) {
        int child = 2 * place + 1;
        if (child >= count) {
          break;
        }
        if (child + 1 < count && heap[child + 1].done > heap[child].done) {
          child++;
        }
        if (heap[child].done <= namespace.done) {
          break;
        }
        move(heap[child], place);
        place = child;
      }
      if (place != namespace.place) {
        move(namespace, place);
      }
    }

    private void move(Namespace namespace, int place) {
      heap[place] = namespace;
      namespace.place = place;
    }
  }

  /** A namespace of one stripe: its keys, in flight and done, and its done keys' order. */
  private static final class Namespace {
    final String name;
    final int number;

    /** Its place in the heap. */
    int place;

    int keys;
    int done;
    int oldest = NONE;
    int newest = NONE;

    Namespace(String name, int number, int place) {
      this.name = name;
      this.number = number;
      this.place = place;
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
