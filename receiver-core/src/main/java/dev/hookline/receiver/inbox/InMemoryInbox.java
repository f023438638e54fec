package dev.hookline.receiver.inbox;

import dev.hookline.receiver.core.InboxException;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.internal.KeyNamespaces;
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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An inbox in this JVM's memory, for development and single-instance apps that accept losing
 * accepted events on a crash. NOT durable: use a JDBC inbox when an accepted event must survive a
 * restart. Bounded: done keys older than the retention are forgotten; when the inbox is full, a new
 * event makes it forget a done key, and when every entry is waiting, new events are refused (503).
 * Thread-safe.
 *
 * <p>Like {@code InMemoryIdempotencyStore}, a full inbox keeps namespaces ({@link KeyNamespaces}:
 * an endpoint, and a tenant) apart: it forgets the oldest done key of the namespace holding the
 * most done keys, or of the new key's own when that holds as many. A tenant whose sender floods the
 * inbox with new events pushes out its own keys, not another tenant's holding fewer.
 */
public final class InMemoryInbox implements Inbox, InboxAdmin {

  /** Default bound on remembered keys: 100,000. */
  public static final int DEFAULT_MAX_ENTRIES = 100_000;

  /** Default retention of done keys: 7 days. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  private enum State {
    PENDING,
    TAKEN,
    DONE,
    DEAD
  }

  private static final class Entry {
    final Optional<String> orderingKey;
    InboxMessage message;
    State state = State.PENDING;
    @Nullable Instant until; // lease expiry when TAKEN, completion time when DONE

    Entry(Optional<String> orderingKey, InboxMessage message) {
      this.orderingKey = orderingKey;
      this.message = message;
    }
  }

  private final int maxEntries;
  private final Duration retention;
  private final Clock clock;

  /** Guarded by {@code this}; insertion order is acceptance order. */
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  /** Done keys by namespace ({@link KeyNamespaces}); guarded by {@code this}. */
  private final Map<String, Integer> doneByNamespace = new HashMap<>();

  private long nextToken;

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
  public synchronized boolean accept(
      String key, String topic, Optional<String> orderingKey, WebhookRequest request) {
    Instant now = clock.instant();
    forgetExpired(now);
    if (entries.containsKey(key)) {
      return false;
    }
    if (entries.size() >= maxEntries && !evictDone(key)) {
      throw new InboxException(
          "in-memory inbox is full: " + entries.size() + " events not yet processed", null);
    }
    entries.put(
        key,
        new Entry(
            orderingKey,
            new InboxMessage(
                key,
                topic,
                request.headers().asMap(),
                request.body(),
                0,
                now,
                Optional.empty(),
                "")));
    return true;
  }

  @Override
  @SuppressWarnings("NullAway") // an entry's until is set whenever it is TAKEN
  public synchronized List<InboxMessage> take(int max, Duration lease) {
    Instant now = clock.instant();
    List<InboxMessage> taken = new ArrayList<>();
    // Entities with an earlier message pending or taken: their later messages wait.
    Set<String> busy = new HashSet<>();
    for (Entry entry : entries.values()) {
      if (taken.size() >= max) {
        break;
      }
      if (entry.state == State.DONE || entry.state == State.DEAD) {
        continue;
      }
      // Entries not done are in acceptance order (done ones move to the end).
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
      // Re-insert so that done entries stay ordered by completion for eviction.
      entries.remove(message.key());
      entries.put(message.key(), entry);
      doneByNamespace.merge(KeyNamespaces.of(message.key()), 1, Integer::sum);
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

  @SuppressWarnings("NullAway") // an entry's until is set whenever it is DONE
  private void forgetExpired(Instant now) {
    Instant oldestKept = now.minus(retention);
    Iterator<Map.Entry<String, Entry>> iterator = entries.entrySet().iterator();
    while (iterator.hasNext()) {
      Map.Entry<String, Entry> entry = iterator.next();
      if (entry.getValue().state == State.DONE && entry.getValue().until.isBefore(oldestKept)) {
        iterator.remove();
        forgotten(entry.getKey());
      }
    }
  }

  /**
   * Forgets a done key to make room for the new key: the oldest of the namespace holding the most
   * done keys, or of the new key's own when that holds as many. False if no key is done.
   */
  private boolean evictDone(String key) {
    String victim = KeyNamespaces.of(key);
    int most = doneByNamespace.getOrDefault(victim, 0);
    for (Map.Entry<String, Integer> namespace : doneByNamespace.entrySet()) {
      if (namespace.getValue() > most) {
        victim = namespace.getKey();
        most = namespace.getValue();
      }
    }
    if (most == 0) {
      return false;
    }
    // Done entries are in the order of completion: the first of the namespace is its oldest.
    Iterator<Map.Entry<String, Entry>> iterator = entries.entrySet().iterator();
    while (iterator.hasNext()) {
      Map.Entry<String, Entry> entry = iterator.next();
      String candidate = entry.getKey();
      if (entry.getValue().state == State.DONE
          && KeyNamespaces.length(candidate) == victim.length()
          && candidate.startsWith(victim)) {
        iterator.remove();
        forgotten(candidate);
        return true;
      }
    }
    return false;
  }

  /** Counts a done key less for its namespace. */
  private void forgotten(String key) {
    doneByNamespace.computeIfPresent(
        KeyNamespaces.of(key), (name, done) -> done > 1 ? done - 1 : null);
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
