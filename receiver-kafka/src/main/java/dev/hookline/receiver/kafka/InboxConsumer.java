package dev.hookline.receiver.kafka;

import dev.hookline.receiver.idempotency.Claim;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.inbox.InboxMessage;
import dev.hookline.receiver.internal.Utf16;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The taking side of a {@link KafkaInbox}, one member of the consumer group: a thread polls the
 * assigned partitions into a {@link Line} each and commits their offsets; the workers' takes lease
 * due records after claiming them in the store, one at a time per ordering key, and settle them as
 * succeeded, retried in place, dead (to the {@link DeadLetterTopic}) or handed back. Thread-safe.
 */
final class InboxConsumer {

  private static final Logger log = LoggerFactory.getLogger(KafkaInbox.class);

  /** How long the first take waits for the group to assign partitions. */
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

  /** How long one poll of the consumer thread blocks. */
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

  /** When a key another member handles is looked at again. */
  private static final Duration IN_FLIGHT_RECHECK = Duration.ofSeconds(1);

  private final String topic;
  private final String groupId;
  private final IdempotencyStore store;
  private final DeadLetterTopic deadLetters;
  private final Map<String, Object> clientProperties;
  private final Duration acceptTimeout;
  private final Duration takeWait;
  private final int maxBuffered;
  private final Clock clock;

  /** Guards everything below, and the consumer's state outside its own thread. */
  private final Object lock = new Object();

  private final Map<TopicPartition, Line> lines = new LinkedHashMap<>();
  private final Map<String, Slot> taken = new HashMap<>();
  private final List<CompletableFuture<Void>> commitWaiters = new ArrayList<>();
  private @Nullable KafkaConsumer<byte[], byte[]> consumer;
  private @Nullable Thread poller;
  private boolean joined;

  /** The latest take that waits to see every record written before it started. */
  private long syncWanted;

  /** The latest such take whose records were all fetched. */
  private long syncDone;

  private long nextToken;
  private boolean commitWanted;
  private volatile boolean closed;

  InboxConsumer(
      String topic,
      String groupId,
      IdempotencyStore store,
      DeadLetterTopic deadLetters,
      Map<String, Object> clientProperties,
      Duration acceptTimeout,
      Duration takeWait,
      int maxBuffered,
      Clock clock) {
    this.topic = topic;
    this.groupId = groupId;
    this.store = store;
    this.deadLetters = deadLetters;
    this.clientProperties = clientProperties;
    this.acceptTimeout = acceptTimeout;
    this.takeWait = takeWait;
    this.maxBuffered = maxBuffered;
    this.clock = clock;
  }

  /** See {@link KafkaInbox#take}. */
  List<InboxMessage> take(int max, Duration lease) {
    Objects.requireNonNull(lease, "lease");
    synchronized (lock) {
      startConsuming();
      long deadline = System.nanoTime() + (joined ? takeWait : JOIN_TIMEOUT).toNanos();
      long ticket = ++syncWanted;
      while (!closed) {
        List<InboxMessage> due = takeDue(max, lease);
        if (!due.isEmpty() || syncDone >= ticket) {
          return due;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return due;
        }
        try {
          lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return List.of();
        }
      }
      return List.of();
    }
  }

  /** Leases the due messages, earliest first in each partition, one at a time per ordering key. */
  private List<InboxMessage> takeDue(int max, Duration lease) {
    Instant now = clock.instant();
    List<InboxMessage> result = new ArrayList<>();
    for (Line line : lines.values()) {
      Set<String> blocked = new HashSet<>();
      for (Slot slot : line.slots) {
        if (result.size() >= max) {
          return result;
        }
        if (slot.state == Slot.State.SETTLED || !blocked.add(slot.orderingKey)) {
          continue;
        }
        boolean due =
            slot.state == Slot.State.WAITING
                && !slot.message.nextAttemptAt().isAfter(now)
                && !slot.recheckAt.isAfter(now);
        boolean abandoned = slot.state == Slot.State.TAKEN && !slot.leaseUntil.isAfter(now);
        if (!due && !abandoned) {
          continue;
        }
        if (abandoned) {
          taken.remove(slot.token);
        }
        Claim claim;
        try {
          claim = store.claim(Claims.handled(topic, slot.message.key()));
        } catch (RuntimeException e) {
          if (result.isEmpty()) {
            throw e;
          }
          // Hand out what is leased already; the rest waits for the store.
          return result;
        }
        switch (claim.status()) {
          case DONE -> {
            settle(slot);
            blocked.remove(slot.orderingKey);
          }
          case IN_FLIGHT -> {
            slot.state = Slot.State.WAITING;
            slot.token = "";
            slot.recheckAt = now.plus(IN_FLIGHT_RECHECK);
          }
          case NEW -> {
            slot.claim = claim;
            slot.state = Slot.State.TAKEN;
            slot.token = slot.partition.partition() + "-" + slot.offset + "-" + ++nextToken;
            slot.leaseUntil = now.plus(lease);
            taken.put(slot.token, slot);
            result.add(
                slot.message.with(
                    slot.message.attempts(),
                    slot.message.nextAttemptAt(),
                    slot.message.lastError(),
                    slot.token));
          }
        }
      }
    }
    return result;
  }

  /** See {@link KafkaInbox#succeeded}. */
  void succeeded(InboxMessage message) {
    CompletableFuture<Void> commit;
    synchronized (lock) {
      Slot slot = held(message);
      if (slot == null) {
        return;
      }
      store.complete(Objects.requireNonNull(slot.claim));
      commit = settle(slot);
    }
    awaitCommit(commit);
  }

  /** See {@link KafkaInbox#retry}. */
  void retry(InboxMessage message, Instant nextAttemptAt, String error) {
    synchronized (lock) {
      Slot slot = held(message);
      if (slot != null) {
        release(slot);
        slot.message =
            slot.message.with(
                slot.message.attempts() + 1,
                nextAttemptAt,
                Optional.of(Utf16.cut(error, RecordCodec.MAX_ERROR_LENGTH)),
                "");
      }
    }
  }

  /** See {@link KafkaInbox#dead}. */
  void dead(InboxMessage message, String error) {
    CompletableFuture<Void> commit;
    synchronized (lock) {
      Slot slot = held(message);
      if (slot == null) {
        return;
      }
      if (slot.revoked) {
        release(slot);
        return;
      }
      InboxMessage deadMessage =
          slot.message.with(
              slot.message.attempts() + 1,
              slot.message.nextAttemptAt(),
              Optional.of(Utf16.cut(error, RecordCodec.MAX_ERROR_LENGTH)),
              "");
      deadLetters.add(deadMessage, slot.acceptedAt, slot.orderingKey);
      Claims.releaseQuietly(store, Objects.requireNonNull(slot.claim));
      slot.claim = null;
      slot.message = deadMessage;
      commit = settle(slot);
    }
    awaitCommit(commit);
  }

  /** See {@link KafkaInbox#handBack}. */
  void handBack(InboxMessage message) {
    synchronized (lock) {
      Slot slot = held(message);
      if (slot != null) {
        release(slot);
        slot.message =
            slot.message.with(
                slot.message.attempts(), clock.instant(), slot.message.lastError(), "");
      }
    }
  }

  /** The slot the message's token leases, if it still does. */
  private @Nullable Slot held(InboxMessage message) {
    Slot slot = taken.get(message.token());
    return slot != null
            && slot.state == Slot.State.TAKEN
            && slot.message.key().equals(message.key())
        ? slot
        : null;
  }

  /** Gives the slot's claim back and makes it wait; a revoked slot is dropped. */
  private void release(Slot slot) {
    store.release(Objects.requireNonNull(slot.claim));
    taken.remove(slot.token);
    slot.claim = null;
    slot.token = "";
    slot.state = slot.revoked ? Slot.State.SETTLED : Slot.State.WAITING;
  }

  /** Marks the slot settled; the returned future completes once its offset is committed. */
  private CompletableFuture<Void> settle(Slot slot) {
    taken.remove(slot.token);
    slot.state = Slot.State.SETTLED;
    slot.claim = null;
    slot.token = "";
    if (slot.revoked) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> commit = new CompletableFuture<>();
    commitWaiters.add(commit);
    commitWanted = true;
    KafkaConsumer<byte[], byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    return commit;
  }

  private void awaitCommit(CompletableFuture<Void> commit) {
    try {
      commit.get(acceptTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("Offset commit of topic {} not confirmed; a later one covers it", topic, e);
    }
  }

  /** Starts the consumer thread on the first take. Called holding the lock. */
  private void startConsuming() {
    if (poller != null || closed) {
      return;
    }
    Map<String, Object> properties = new HashMap<>(clientProperties);
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumer =
        new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    Thread thread = new Thread(this::consume, "hookline-kafka-inbox-" + topic);
    thread.setDaemon(true);
    poller = thread;
    thread.start();
  }

  private void consume() {
    KafkaConsumer<byte[], byte[]> kafka = Objects.requireNonNull(consumer);
    try {
      kafka.subscribe(List.of(topic), new Rebalance(kafka));
      Sync sync = null;
      boolean failing = false;
      while (!closed) {
        try {
          commit(kafka);
          adjustPauses(kafka);
          if (sync == null) {
            sync = startSync(kafka);
          }
          ConsumerRecords<byte[], byte[]> records = kafka.poll(POLL_TIMEOUT);
          synchronized (lock) {
            for (ConsumerRecord<byte[], byte[]> record : records) {
              add(record);
            }
            if (sync != null && sync.reached(kafka)) {
              syncDone = Math.max(syncDone, sync.ticket());
              sync = null;
            }
            lock.notifyAll();
          }
          if (failing) {
            failing = false;
            log.info("Kafka consumer of topic {} polls again", topic);
          }
        } catch (WakeupException e) {
          // A settled record or close() asks for attention.
        } catch (RuntimeException e) {
          // Once per outage at warn level: a broker that is down fails every cycle.
          if (!failing) {
            failing = true;
            log.warn("Kafka consumer of topic {} failed; polling again", topic, e);
          } else {
            log.debug("Kafka consumer of topic {} failed again", topic, e);
          }
          sleep(POLL_TIMEOUT);
        }
      }
    } finally {
      try {
        commit(kafka);
      } catch (RuntimeException e) {
        log.warn("Final offset commit of topic {} failed", topic, e);
      }
      kafka.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      synchronized (lock) {
        revoke(new ArrayList<>(lines.keySet()));
        commitWaiters.forEach(waiter -> waiter.complete(null));
        commitWaiters.clear();
        lock.notifyAll();
      }
    }
  }

  /** Adds a fetched record to its partition's line. Called holding the lock. */
  private void add(ConsumerRecord<byte[], byte[]> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    Line line = lines.computeIfAbsent(partition, p -> new Line());
    InboxMessage message;
    Instant acceptedAt;
    try {
      message =
          RecordCodec.read(record.headers(), record.value() == null ? new byte[0] : record.value());
      acceptedAt = RecordCodec.acceptedAt(record.headers());
    } catch (RuntimeException e) {
      log.error(
          "Record at offset {} of {} is not an inbox message; skipped",
          record.offset(),
          partition,
          e);
      if (line.slots.isEmpty()) {
        line.next = record.offset() + 1;
      }
      return;
    }
    String key = record.key() == null ? message.key() : RecordCodec.text(record.key());
    line.slots.addLast(new Slot(partition, record.offset(), key, acceptedAt, message));
  }

  /**
   * The end offsets of the assigned, unpaused partitions as of now, which the takes waiting so far
   * wait to have fetched; null if no take waits or the group has not assigned partitions yet. One
   * request to the broker serves every take waiting at the time.
   */
  private @Nullable Sync startSync(KafkaConsumer<byte[], byte[]> kafka) {
    long ticket;
    List<TopicPartition> partitions = new ArrayList<>();
    synchronized (lock) {
      if (syncWanted <= syncDone || !joined) {
        return null;
      }
      ticket = syncWanted;
      lines.forEach(
          (partition, line) -> {
            if (!line.paused) {
              partitions.add(partition);
            }
          });
    }
    try {
      return new Sync(ticket, kafka.endOffsets(partitions, acceptTimeout));
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      // The waiting takes return empty at their deadline; the next cycle asks again.
      log.debug("End offsets of topic {} not known within {}", topic, acceptTimeout, e);
      return null;
    }
  }

  /** What the takes up to a ticket wait for: every partition fetched to the given offsets. */
  private record Sync(long ticket, Map<TopicPartition, Long> ends) {
    boolean reached(KafkaConsumer<byte[], byte[]> kafka) {
      Set<TopicPartition> assigned = kafka.assignment();
      try {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
          if (assigned.contains(end.getKey())
              && !kafka.paused().contains(end.getKey())
              && kafka.position(end.getKey(), Duration.ZERO) < end.getValue()) {
            return false;
          }
        }
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        return false; // a partition's position is not known yet
      }
      return true;
    }
  }

  /** Pauses partitions holding too many records in memory, resumes them at half. */
  private void adjustPauses(KafkaConsumer<byte[], byte[]> kafka) {
    List<TopicPartition> pause = new ArrayList<>();
    List<TopicPartition> resume = new ArrayList<>();
    synchronized (lock) {
      lines.forEach(
          (partition, line) -> {
            if (!line.paused && line.slots.size() >= maxBuffered) {
              line.paused = true;
              pause.add(partition);
            } else if (line.paused && line.slots.size() < maxBuffered / 2) {
              line.paused = false;
              resume.add(partition);
            }
          });
    }
    if (!pause.isEmpty()) {
      kafka.pause(pause);
    }
    if (!resume.isEmpty()) {
      kafka.resume(resume);
    }
  }

  /** Commits each line up to its first unsettled record, and tells the waiting settlers. */
  private void commit(KafkaConsumer<byte[], byte[]> kafka) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    List<CompletableFuture<Void>> waiters;
    synchronized (lock) {
      if (!commitWanted) {
        return;
      }
      commitWanted = false;
      waiters = new ArrayList<>(commitWaiters);
      commitWaiters.clear();
      lines.forEach(
          (partition, line) -> {
            line.prune();
            long offset = line.slots.isEmpty() ? line.next : line.slots.peekFirst().offset;
            if (offset > line.committed) {
              offsets.put(partition, new OffsetAndMetadata(offset));
            }
          });
    }
    try {
      if (!offsets.isEmpty()) {
        kafka.commitSync(offsets);
      }
    } catch (WakeupException e) {
      synchronized (lock) {
        commitWanted = true;
        commitWaiters.addAll(waiters);
      }
      throw e;
    } catch (RuntimeException e) {
      waiters.forEach(waiter -> waiter.completeExceptionally(e));
      throw e;
    }
    synchronized (lock) {
      offsets.forEach(
          (partition, offset) -> {
            Line line = lines.get(partition);
            if (line != null) {
              line.committed = Math.max(line.committed, offset.offset());
            }
          });
    }
    waiters.forEach(waiter -> waiter.complete(null));
  }

  /**
   * Drops the lines of partitions this member no longer owns. Their taken messages stay leased to
   * their workers: a success still completes the key in the store (so the new owner skips it), any
   * other outcome releases it (so the new owner runs it). Called holding the lock.
   */
  private void revoke(Collection<TopicPartition> partitions) {
    for (TopicPartition partition : partitions) {
      Line line = lines.remove(partition);
      if (line != null) {
        line.slots.forEach(slot -> slot.revoked = true);
      }
    }
  }

  /** Commits what was settled before partitions go, and tracks assignment. */
  private final class Rebalance implements ConsumerRebalanceListener {
    private final KafkaConsumer<byte[], byte[]> kafka;

    Rebalance(KafkaConsumer<byte[], byte[]> kafka) {
      this.kafka = kafka;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      synchronized (lock) {
        commitWanted = true;
      }
      try {
        commit(kafka);
      } catch (RuntimeException e) {
        log.warn("Offset commit before a rebalance of topic {} failed", topic, e);
      }
      synchronized (lock) {
        revoke(partitions);
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      synchronized (lock) {
        revoke(partitions);
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      synchronized (lock) {
        partitions.forEach(partition -> lines.computeIfAbsent(partition, p -> new Line()));
        joined = true;
        lock.notifyAll();
      }
    }
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Stops taking, commits what was settled and leaves the group.
   *
   * @return false if it was closed before
   */
  boolean close() {
    Thread thread;
    synchronized (lock) {
      if (closed) {
        return false;
      }
      closed = true;
      thread = poller;
      KafkaConsumer<byte[], byte[]> current = consumer;
      if (current != null) {
        current.wakeup();
      }
      lock.notifyAll();
    }
    if (thread != null) {
      try {
        thread.join(Duration.ofSeconds(10).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return true;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
