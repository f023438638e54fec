package dev.hookline.receiver.inbox;

import dev.hookline.receiver.core.InboxException;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.internal.KeyNamespaces;
import dev.hookline.receiver.internal.LogText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An inbox in this JVM's memory, for development and single-instance apps that accept losing
 * accepted events on a crash. NOT durable: use a JDBC inbox when an accepted event must survive a
 * restart. Bounded: done keys older than the retention are forgotten; when the inbox is full, a new
 * event makes it forget a done or dead entry, or is refused (503). Thread-safe.
 *
 * <p>Like {@code InMemoryIdempotencyStore}, a full inbox keeps namespaces ({@link KeyNamespaces}:
 * an endpoint, and a tenant) apart. It counts each namespace's entries, waiting, being processed,
 * done and dead alike, and forgets an entry of the namespace holding the most, or of the new key's
 * own when that holds as many: that namespace's oldest dead entry, or its oldest done key when none
 * is dead; when that namespace holds only events still to process, the new event is refused. A
 * namespace thus loses an entry to another's new event only while it holds more entries than that
 * one. A tenant whose sender floods the inbox with new events, whether they wait (sent faster than
 * the worker runs them), end done or end dead (a sender can make its events dead at will, with data
 * that does not bind), pushes out its own entries, never another tenant's holding fewer; while its
 * flood waits, new events are refused until the worker has processed some of it.
 *
 * <p>Dead entries go before done keys because forgetting a done key lets a re-sent copy of an event
 * already handled run again, while forgetting a dead entry only takes it off the dead list (the
 * handler never completed it): each is logged at WARN with its last error, and can no longer be
 * listed or requeued through {@link InboxAdmin}. Entries waiting or being processed are never
 * forgotten.
 */
public final class InMemoryInbox implements Inbox, InboxAdmin {

  /** Default bound on remembered keys: 100,000. */
  public static final int DEFAULT_MAX_ENTRIES = 100_000;

  /** Default retention of done keys: 7 days. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  private static final Logger log = LoggerFactory.getLogger(InMemoryInbox.class);

  /** Done keys past their retention are forgotten in bulk at most once per this interval. */
  private static final Duration PURGE_INTERVAL = Duration.ofSeconds(1);

  private enum State {
    PENDING,
    TAKEN,
    DONE,
    DEAD
  }

  private static final class Entry {
    final long sequence; // the order of acceptance
    final Optional<String> orderingKey;
    InboxMessage message;
    State state = State.PENDING;
    @Nullable Instant until; // lease expiry when TAKEN, completion time when DONE

    Entry(long sequence, Optional<String> orderingKey, InboxMessage message) {
      this.sequence = sequence;
      this.orderingKey = orderingKey;
      this.message = message;
    }
  }

  /** A namespace's entries by state: waiting (or being processed), done and dead. */
  private static final class Held {
    int waiting;
    int done;
    int dead;

    int count() {
      return waiting + done + dead;
    }
  }

  private final int maxEntries;
  private final Duration retention;
  private final Clock clock;

  /** Guarded by {@code this}; insertion order is acceptance order. */
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  /** Entries by namespace ({@link KeyNamespaces}), for namespaces holding any; guarded by this. */
  private final Map<String, Held> heldByNamespace = new HashMap<>();

  /**
   * The entries waiting or being processed, in the order of acceptance; guarded by {@code this}. A
   * take walks these alone, not the done and dead entries that fill most of a busy inbox.
   */
  private final NavigableMap<Long, Entry> active = new TreeMap<>();

  private long nextSequence;

  private long nextToken;

  /**
   * When done keys past their retention are next forgotten in bulk; guarded by {@code this}. A bulk
   * purge walks every entry, so it runs at most once a second, not on every accept (which made
   * accepting quadratic in the entries); an accepted key's own retention is checked exactly.
   */
  private Instant nextPurge = Instant.MIN;

  private InMemoryInbox(int maxEntries, Duration retention, Clock clock) {
    this.maxEntries = maxEntries;
    this.retention = retention;
    this.clock = clock;
  }

  /** An inbox with the default bound and retention. */
  public static InMemoryInbox create() {
    return create(DEFAULT_MAX_ENTRIES, DEFAULT_RETENTION, Clock.systemUTC());
  }

  /**
   * An inbox with the given bound, retention and clock.
   *
   * @throws WebhookConfigurationException if the bound or retention is not positive
   */
  public static InMemoryInbox create(int maxEntries, Duration retention, Clock clock) {
    if (maxEntries < 1) {
      throw new WebhookConfigurationException("maxEntries must be positive, but was " + maxEntries);
    }
    if (retention.isNegative() || retention.isZero()) {
      throw new WebhookConfigurationException("retention must be positive, but was " + retention);
    }
    return new InMemoryInbox(maxEntries, retention, Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public boolean accept(
      String key, String topic, Optional<String> orderingKey, WebhookRequest request) {
    InboxMessage forgottenDead = null;
    synchronized (this) {
      Instant now = clock.instant();
      if (!now.isBefore(nextPurge)) {
        forgetExpired(now);
        nextPurge = now.plus(PURGE_INTERVAL);
      }
      Entry existing = entries.get(key);
      if (existing != null) {
        if (!expired(existing, now)) {
          return false;
        }
        entries.remove(key);
        counted(key, State.DONE, -1);
      }
      if (entries.size() >= maxEntries) {
        Entry forgotten = evict(key);
        if (forgotten == null) {
          throw new InboxException(
              "in-memory inbox is full: "
                  + (active.size() == entries.size()
                      ? entries.size() + " events not yet processed"
                      : entries.size()
                          + " entries, and the namespace holding the most has only events not"
                          + " yet processed"),
              null);
        }
        if (forgotten.state == State.DEAD) {
          forgottenDead = forgotten.message;
        }
      }
      Entry entry =
          new Entry(
              nextSequence++,
              orderingKey,
              new InboxMessage(
                  key,
                  topic,
                  request.headers().asMap(),
                  request.body(),
                  0,
                  now,
                  Optional.empty(),
                  ""));
      entries.put(key, entry);
      active.put(entry.sequence, entry);
      counted(key, State.PENDING, 1);
    }
    // Logged out of the lock: under a flood of dead events every new event logs a line, and the
    // other callers need not wait for it.
    if (forgottenDead != null) {
      log.warn(
          "In-memory inbox full: forgot dead {} (last error: {}) to make room for a new event;"
              + " it can no longer be listed or requeued",
          forgottenDead,
          LogText.escape(forgottenDead.lastError().orElse("")));
    }
    return true;
  }

  @Override
  @SuppressWarnings("NullAway") // an entry's until is set whenever it is TAKEN
  public synchronized List<InboxMessage> take(int max, Duration lease) {
    Instant now = clock.instant();
    List<InboxMessage> taken = new ArrayList<>();
    // Entities with an earlier message pending or taken: their later messages wait.
    Set<String> busy = new HashSet<>();
    for (Entry entry : active.values()) {
      if (taken.size() >= max) {
        break;
      }
      if (entry.orderingKey.isPresent() && !busy.add(entry.orderingKey.get())) {
        continue;
      }
      boolean due = entry.state == State.PENDING && !entry.message.nextAttemptAt().isAfter(now);
      boolean abandoned = entry.state == State.TAKEN && !entry.until.isAfter(now);
      if (due || abandoned) {
        entry.message =
            entry.message.with(
                entry.message.attempts(),
                entry.message.nextAttemptAt(),
                entry.message.lastError(),
                Long.toString(++nextToken));
        entry.state = State.TAKEN;
        entry.until = now.plus(lease);
        taken.add(entry.message);
      }
    }
    return taken;
  }

  @Override
  public synchronized void succeeded(InboxMessage message) {
    Entry entry = held(message);
    if (entry != null) {
      entry.state = State.DONE;
      entry.until = clock.instant();
      active.remove(entry.sequence);
      // Re-insert so that done entries stay ordered by completion for eviction.
      entries.remove(message.key());
      entries.put(message.key(), entry);
      moved(message.key(), State.PENDING, State.DONE);
    }
  }

  @Override
  public synchronized void retry(InboxMessage message, Instant nextAttemptAt, String error) {
    Entry entry = held(message);
    if (entry != null) {
      entry.message = message.with(message.attempts() + 1, nextAttemptAt, Optional.of(error), "");
      entry.state = State.PENDING;
    }
  }

  @Override
  public synchronized void dead(InboxMessage message, String error) {
    Entry entry = held(message);
    if (entry != null) {
      entry.message =
          message.with(message.attempts() + 1, message.nextAttemptAt(), Optional.of(error), "");
      entry.state = State.DEAD;
      active.remove(entry.sequence);
      moved(message.key(), State.PENDING, State.DEAD);
    }
  }

  @Override
  public synchronized void handBack(InboxMessage message) {
    Entry entry = held(message);
    if (entry != null) {
      entry.message = message.with(message.attempts(), clock.instant(), message.lastError(), "");
      entry.state = State.PENDING;
    }
  }

  @Override
  public synchronized List<InboxMessage> deadMessages(int limit) {
    return entries.values().stream()
        .filter(entry -> entry.state == State.DEAD)
        .limit(limit)
        .map(entry -> entry.message)
        .toList();
  }

  @Override
  public synchronized boolean requeue(String key) {
    Entry entry = entries.get(key);
    if (entry == null || entry.state != State.DEAD) {
      return false;
    }
    entry.message = entry.message.with(0, clock.instant(), entry.message.lastError(), "");
    entry.state = State.PENDING;
    active.put(entry.sequence, entry);
    moved(key, State.DEAD, State.PENDING);
    return true;
  }

  @Override
  public synchronized int backlog() {
    return (int)
        entries.values().stream()
            .filter(entry -> entry.state == State.PENDING || entry.state == State.TAKEN)
            .count();
  }

  @Override
  public synchronized int deadCount() {
    return (int) entries.values().stream().filter(entry -> entry.state == State.DEAD).count();
  }

  /** The entry if the message's token still holds its lease. */
  private @Nullable Entry held(InboxMessage message) {
    Entry entry = entries.get(message.key());
    return entry != null
            && entry.state == State.TAKEN
            && entry.message.token().equals(message.token())
        ? entry
        : null;
  }

  /** Whether the entry is a done key past its retention. */
  @SuppressWarnings("NullAway") // an entry's until is set whenever it is DONE
  private boolean expired(Entry entry, Instant now) {
    return entry.state == State.DONE && entry.until.isBefore(now.minus(retention));
  }

  private void forgetExpired(Instant now) {
    Iterator<Map.Entry<String, Entry>> iterator = entries.entrySet().iterator();
    while (iterator.hasNext()) {
      Map.Entry<String, Entry> entry = iterator.next();
      if (expired(entry.getValue(), now)) {
        iterator.remove();
        counted(entry.getKey(), State.DONE, -1);
      }
    }
  }

  /**
   * Forgets an entry to make room for the new key: of the namespace holding the most entries, or of
   * the new key's own when that holds as many, the oldest dead entry, or the oldest done one when
   * none is dead. The entry forgotten, or null if that namespace holds only events to process.
   */
  private @Nullable Entry evict(String key) {
    String victim = KeyNamespaces.of(key);
    Held most = heldByNamespace.get(victim);
    for (Map.Entry<String, Held> namespace : heldByNamespace.entrySet()) {
      if (most == null || namespace.getValue().count() > most.count()) {
        victim = namespace.getKey();
        most = namespace.getValue();
      }
    }
    if (most == null || most.done + most.dead == 0) {
      return null; // the namespace holding the most has only events still to process
    }
    // Entries that are not done keep their order of acceptance, and done ones are in the order of
    // completion: the first of the namespace in the wanted state is its oldest.
    State wanted = most.dead > 0 ? State.DEAD : State.DONE;
    Iterator<Map.Entry<String, Entry>> iterator = entries.entrySet().iterator();
    while (iterator.hasNext()) {
      Map.Entry<String, Entry> entry = iterator.next();
      String candidate = entry.getKey();
      if (entry.getValue().state == wanted
          && KeyNamespaces.length(candidate) == victim.length()
          && candidate.startsWith(victim)) {
        iterator.remove();
        counted(candidate, wanted, -1);
        return entry.getValue();
      }
    }
    return null;
  }

  /**
   * Counts an entry in this state (waiting for PENDING and TAKEN) more or less for its namespace.
   */
  private void counted(String key, State state, int change) {
    String namespace = KeyNamespaces.of(key);
    Held held = heldByNamespace.computeIfAbsent(namespace, name -> new Held());
    switch (state) {
      case DONE -> held.done += change;
      case DEAD -> held.dead += change;
      default -> held.waiting += change;
    }
    if (held.count() == 0) {
      heldByNamespace.remove(namespace);
    }
  }

  /** Counts an entry's move from one state to another for its namespace. */
  private void moved(String key, State from, State to) {
    counted(key, from, -1);
    counted(key, to, 1);
  }

  @Override
  public String toString() {
    return "InMemoryInbox[maxEntries="
        + maxEntries
        + ", retention="
        + retention
        + " (not durable)]";
  }
}
