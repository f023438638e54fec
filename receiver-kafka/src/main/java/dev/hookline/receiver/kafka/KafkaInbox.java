package dev.hookline.receiver.kafka;

import dev.hookline.receiver.core.InboxException;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.idempotency.Claim;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.inbox.Inbox;
import dev.hookline.receiver.inbox.InboxAdmin;
import dev.hookline.receiver.inbox.InboxMessage;
import dev.hookline.receiver.internal.Utf16;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
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
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Inbox} on Kafka, for applications that already run a Kafka cluster and want to verify
 * at the edge, answer fast and process elsewhere. Works with the receiver's {@code InboxWorker}
 * like any inbox: the same reader, dispatcher, retries with backoff and dead state.
 *
 * <p><b>Accepting.</b> {@link #accept} produces the verified request (raw body as the record value;
 * the request headers, key, topic and times as record headers) with an idempotent producer and
 * {@code acks=all}, and returns only once the broker acknowledged the record. A broker that does
 * not acknowledge within the accept timeout makes it throw {@link InboxException}, which the
 * receiver answers 503 with {@code Retry-After}: nothing is answered 202 that was not written.
 *
 * <p><b>Keys already accepted.</b> A Kafka topic cannot tell whether it holds a key, so this inbox
 * records each accepted key in its {@link IdempotencyStore} (under {@code <topic>|accepted|<key>}),
 * after the broker acknowledged it: a copy of a delivery accepted before, within the store's
 * retention, returns false (answered 200), as with the JDBC inbox. A copy arriving while another is
 * being written waits for it, at most the accept timeout. The one difference: if the store cannot
 * record an accepted key, or a producer timeout hid a record that was written after all, the topic
 * holds the event twice; the second is skipped when consumed (next paragraph).
 *
 * <p><b>Taking.</b> The first call of {@link #take} joins the consumer group; from then on a thread
 * of this inbox polls the assigned partitions into memory. A message is taken only after claiming
 * {@code <topic>|handled|<key>} in the store: a key already done (a copy, or a record a crashed or
 * rebalanced member handled but did not commit) is skipped, and a key another member is still
 * handling waits until that member completes or releases it. {@link #succeeded} completes the
 * claim, then commits the partition's offset; so a rebalance, or a crash after the completion and
 * before the offset commit, never runs the handler again for that key, and a member that takes a
 * partition over while the old owner's handler still runs waits for it. The store's lease must
 * therefore exceed the longest handler run. A member that dies while handling, or after its handler
 * but before the completion reached the store, gives its keys up when the lease ends, and they run
 * again (at-least-once, as with every store; effects that must not repeat need exactly-once
 * handlers). The store must be shared by every instance (JDBC or Redis) for any of this to hold
 * across instances.
 *
 * <p><b>Retries keep the order.</b> A failed message is retried in place, at the time the worker
 * asks, rather than through retry topics: a later record with the same record key is not taken
 * while an earlier one is pending, taken or waiting for its retry, so one entity's events are
 * handled in order (retry topics would let later events overtake the retried one). Records with
 * other keys, in the same partition too, go on in parallel; the partition's offset is committed up
 * to its first unsettled record, and its fetching pauses while {@link Builder#maxBuffered} records
 * wait in memory. The record key is the event's ordering key (the entity the receiver names, so one
 * entity's events share a partition), or the idempotency key for an event without one, which then
 * waits for nothing. A dead message releases its entity's line.
 *
 * <p><b>Dead letters.</b> A message that failed for the last time is produced to the dead-letter
 * topic (a compacted topic, keyed by idempotency key) and its offset committed. {@link #requeue}
 * produces it to the main topic again, with its attempts reset, and writes a tombstone for it in
 * the dead-letter topic. {@link #deadMessages} and {@link #deadCount} read the dead-letter topic
 * from its start; {@link #backlog} is the consumer group's lag on the main topic, records being
 * handled included.
 *
 * <p><b>Topics.</b> Both topics must exist (an operator creates them; the main topic's partition
 * count bounds the group's parallelism, and the dead-letter topic has {@code
 * cleanup.policy=compact}). Attempts and the last error of a message being retried live in the
 * memory of the member handling it: after a rebalance, the new owner counts from the record's value
 * again.
 *
 * <p>Thread-safe. Close it after its workers: closing leaves the group and commits what was
 * settled.
 */
public final class KafkaInbox implements Inbox, InboxAdmin, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaInbox.class);

  /** Default consumer group: {@code hookline-inbox}. */
  public static final String DEFAULT_GROUP_ID = "hookline-inbox";

  /** Default time the broker has to acknowledge an accepted event: 5 seconds. */
  public static final Duration DEFAULT_ACCEPT_TIMEOUT = Duration.ofSeconds(5);

  /** Default time a take waits for records to arrive when none is due: 1 second. */
  public static final Duration DEFAULT_TAKE_WAIT = Duration.ofSeconds(1);

  /** Default number of records a partition keeps in memory before its fetching pauses: 1,000. */
  public static final int DEFAULT_MAX_BUFFERED = 1000;

  /** The dead-letter topic's name is the main topic's with this suffix, unless set. */
  public static final String DEAD_LETTER_SUFFIX = ".dead";

  /** How long the first take waits for the group to assign partitions. */
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

  /** How long one poll of the consumer thread blocks. */
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

  /** When a key another member handles is looked at again. */
  private static final Duration IN_FLIGHT_RECHECK = Duration.ofSeconds(1);

  /** The pause between claims of a key a concurrent copy is being accepted under. */
  private static final long ACCEPT_WAIT_MILLIS = 10;

  /** How long the producer waits to batch records. */
  private static final int LINGER_MILLIS = 5;

  /** The record header holding the ordering key of a dead message, for its requeue. */
  private static final String ORDERING_KEY = "hookline-ordering-key";

  private enum State {
    WAITING,
    TAKEN,
    SETTLED
  }

  /** One record of an assigned partition, from its fetch until it is settled. */
  private static final class Slot {
    final long offset;
    final String orderingKey;
    final Instant acceptedAt;
    final TopicPartition partition;
    InboxMessage message;
    State state = State.WAITING;
    Instant recheckAt = Instant.MIN;
    Instant leaseUntil = Instant.MIN;
    String token = "";
    @Nullable Claim claim;
    boolean revoked;

    Slot(
        TopicPartition partition,
        long offset,
        String orderingKey,
        Instant acceptedAt,
        InboxMessage message) {
      this.partition = partition;
      this.offset = offset;
      this.orderingKey = orderingKey;
      this.acceptedAt = acceptedAt;
      this.message = message;
    }
  }

  /** The records of one assigned partition that are fetched and not yet committed. */
  private static final class Line {
    final ArrayDeque<Slot> slots = new ArrayDeque<>();
    long next = -1; // the offset after the last settled record at the head; -1 before any
    long committed = -1;
    boolean paused;

    /** Drops settled records from the head. */
    void prune() {
      while (!slots.isEmpty() && slots.peekFirst().state == State.SETTLED) {
        next = slots.pollFirst().offset + 1;
      }
    }
  }

  private final String topic;
  private final String deadLetterTopic;
  private final String groupId;
  private final IdempotencyStore store;
  private final Duration acceptTimeout;
  private final Duration takeWait;
  private final int maxBuffered;
  private final Clock clock;
  private final Map<String, Object> clientProperties;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Admin admin;

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

  /** Guards the operator's reads and requeues of the dead-letter topic. */
  private final Object deadLetterLock = new Object();

  private KafkaInbox(Builder builder) {
    this.topic = builder.topic;
    this.deadLetterTopic =
        builder.deadLetterTopic != null ? builder.deadLetterTopic : topic + DEAD_LETTER_SUFFIX;
    this.groupId = builder.groupId;
    this.store = builder.store;
    this.acceptTimeout = builder.acceptTimeout;
    this.takeWait = builder.takeWait;
    this.maxBuffered = builder.maxBuffered;
    this.clock = builder.clock;
    this.clientProperties = Map.copyOf(builder.clientProperties);
    Map<String, Object> producerProperties = new HashMap<>(clientProperties);
    producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    long timeout = acceptTimeout.toMillis();
    producerProperties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
    producerProperties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout);
    // The producer insists that its delivery timeout covers linger and request timeouts; the
    // accept itself waits no longer than the accept timeout.
    producerProperties.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MILLIS);
    producerProperties.put(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) (timeout + LINGER_MILLIS));
    this.producer =
        new KafkaProducer<>(
            producerProperties, new ByteArraySerializer(), new ByteArraySerializer());
    Map<String, Object> adminProperties = new HashMap<>(clientProperties);
    adminProperties.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout);
    adminProperties.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout);
    this.admin = Admin.create(adminProperties);
  }

  /**
   * Starts configuring an inbox on the topic of the cluster at the given servers.
   *
   * @param bootstrapServers Kafka's {@code bootstrap.servers}, e.g. {@code localhost:9092}
   * @param topic the main topic; it must exist
   * @param store where accepted and handled keys are recorded; shared by every instance
   */
  public static Builder builder(String bootstrapServers, String topic, IdempotencyStore store) {
    return new Builder(bootstrapServers, topic, store);
  }

  // ---------------------------------------------------------------------------------------------
  // Accepting

  /**
   * Produces the event to the topic and waits for the broker's acknowledgement.
   *
   * @return true if written now, false if the key was accepted before within the store's retention
   * @throws InboxException if the store or the broker cannot be reached within the accept timeout
   */
  @Override
  public boolean accept(
      String key, String topic, Optional<String> orderingKey, WebhookRequest request) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(orderingKey, "orderingKey");
    Objects.requireNonNull(request, "request");
    if (closed) {
      throw new InboxException("Kafka inbox is closed", null);
    }
    long deadline = System.nanoTime() + acceptTimeout.toNanos();
    Claim marker = claimAcceptance(key, deadline);
    if (marker == null) {
      return false;
    }
    Instant now = clock.instant();
    InboxMessage message =
        new InboxMessage(
            key, topic, request.headers().asMap(), request.body(), 0, now, Optional.empty(), "");
    try {
      write(this.topic, orderingKey.orElse(key), message, now, deadline);
    } catch (InboxException e) {
      releaseQuietly(marker);
      throw e;
    }
    try {
      store.complete(marker);
    } catch (RuntimeException e) {
      log.warn(
          "Idempotency store failed to record {} as accepted; it is written, and a copy would be"
              + " written again and skipped when consumed",
          message,
          e);
    }
    return true;
  }

  /** Claims the key's acceptance; null if it was accepted before. */
  private @Nullable Claim claimAcceptance(String key, long deadline) {
    String marker = topic + "|accepted|" + key;
    while (true) {
      Claim claim;
      try {
        claim = store.claim(marker);
      } catch (RuntimeException e) {
        throw new InboxException("idempotency store failed to claim an accepted key", e);
      }
      switch (claim.status()) {
        case NEW -> {
          return claim;
        }
        case DONE -> {
          return null;
        }
        case IN_FLIGHT -> {
          // A concurrent copy is being written: its outcome decides this copy's answer.
          if (System.nanoTime() - deadline >= 0) {
            throw new InboxException(
                "a copy of this event is still being written to Kafka after " + acceptTimeout,
                null);
          }
          try {
            Thread.sleep(ACCEPT_WAIT_MILLIS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InboxException("interrupted while a copy was being written", e);
          }
        }
      }
    }
  }

  /** Produces a message and waits for the acknowledgement until the deadline. */
  private void write(
      String destination,
      String recordKey,
      InboxMessage message,
      Instant acceptedAt,
      long deadline) {
    Headers headers = RecordCodec.write(message, acceptedAt);
    headers.add(ORDERING_KEY, RecordCodec.bytes(recordKey));
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            destination,
            null,
            acceptedAt.toEpochMilli(),
            RecordCodec.bytes(recordKey),
            message.body(),
            headers);
    send(record, deadline);
  }

  private void send(ProducerRecord<byte[], byte[]> record, long deadline) {
    try {
      long remaining = Math.max(1, deadline - System.nanoTime());
      producer.send(record).get(remaining, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InboxException("interrupted while writing to Kafka topic " + record.topic(), e);
    } catch (ExecutionException e) {
      throw new InboxException(
          "Kafka did not acknowledge a record of topic " + record.topic(), e.getCause());
    } catch (TimeoutException e) {
      throw new InboxException(
          "Kafka did not acknowledge a record of topic "
              + record.topic()
              + " within "
              + acceptTimeout,
          e);
    } catch (RuntimeException e) {
      throw new InboxException("Kafka refused a record of topic " + record.topic(), e);
    }
  }

  private void releaseQuietly(Claim claim) {
    try {
      store.release(claim);
    } catch (RuntimeException e) {
      log.warn(
          "Idempotency store failed to release {}; it is free after its lease", claim.key(), e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Taking and settling

  /**
   * Takes up to {@code max} due messages of this member's partitions, claiming each in the store;
   * waits up to the take wait (the group join, the first time) for records to arrive when none is
   * due. Returns nothing once closed.
   *
   * @throws dev.hookline.receiver.core.IdempotencyStoreException if the store cannot be reached
   */
  @Override
  public List<InboxMessage> take(int max, Duration lease) {
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
        if (slot.state == State.SETTLED || !blocked.add(slot.orderingKey)) {
          continue;
        }
        boolean due =
            slot.state == State.WAITING
                && !slot.message.nextAttemptAt().isAfter(now)
                && !slot.recheckAt.isAfter(now);
        boolean abandoned = slot.state == State.TAKEN && !slot.leaseUntil.isAfter(now);
        if (!due && !abandoned) {
          continue;
        }
        if (abandoned) {
          taken.remove(slot.token);
        }
        Claim claim;
        try {
          claim = store.claim(handledKey(slot.message.key()));
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
            slot.state = State.WAITING;
            slot.token = "";
            slot.recheckAt = now.plus(IN_FLIGHT_RECHECK);
          }
          case NEW -> {
            slot.claim = claim;
            slot.state = State.TAKEN;
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

  /**
   * Completes the message's claim in the store, then commits its partition up to the first
   * unsettled record (waiting for the commit at most the accept timeout; a commit that fails is
   * covered by a later one, and the store's mark already keeps the handler from running again).
   * Ignored if the lease was lost.
   *
   * @throws dev.hookline.receiver.core.IdempotencyStoreException if the store cannot record it;
   *     nothing changed then
   */
  @Override
  public void succeeded(InboxMessage message) {
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

  /** Releases the message's claim and makes it due again at the given time, in place. */
  @Override
  public void retry(InboxMessage message, Instant nextAttemptAt, String error) {
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

  /**
   * Produces the message to the dead-letter topic, releases its claim and commits past it. A
   * partition this member lost meanwhile is left to its new owner, which runs the message again.
   *
   * @throws InboxException if the dead-letter topic cannot be written; nothing changed then
   */
  @Override
  public void dead(InboxMessage message, String error) {
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
      Headers headers = RecordCodec.write(deadMessage, slot.acceptedAt);
      headers.add(ORDERING_KEY, RecordCodec.bytes(slot.orderingKey));
      send(
          new ProducerRecord<>(
              deadLetterTopic,
              null,
              RecordCodec.bytes(deadMessage.key()),
              deadMessage.body(),
              headers),
          System.nanoTime() + acceptTimeout.toNanos());
      releaseQuietly(Objects.requireNonNull(slot.claim));
      slot.claim = null;
      slot.message = deadMessage;
      commit = settle(slot);
    }
    awaitCommit(commit);
  }

  /** Releases the message's claim and makes it due at once, its attempts unchanged. */
  @Override
  public void handBack(InboxMessage message) {
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
    return slot != null && slot.state == State.TAKEN && slot.message.key().equals(message.key())
        ? slot
        : null;
  }

  /** Gives the slot's claim back and makes it wait; a revoked slot is dropped. */
  private void release(Slot slot) {
    store.release(Objects.requireNonNull(slot.claim));
    taken.remove(slot.token);
    slot.claim = null;
    slot.token = "";
    slot.state = slot.revoked ? State.SETTLED : State.WAITING;
  }

  /** Marks the slot settled; the returned future completes once its offset is committed. */
  private CompletableFuture<Void> settle(Slot slot) {
    taken.remove(slot.token);
    slot.state = State.SETTLED;
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

  private String handledKey(String key) {
    return topic + "|handled|" + key;
  }

  // ---------------------------------------------------------------------------------------------
  // The consumer's thread

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
    String key =
        record.key() == null ? message.key() : new String(record.key(), StandardCharsets.UTF_8);
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

  // ---------------------------------------------------------------------------------------------
  // The operator's view

  /**
   * The consumer group's lag on the main topic: records not yet committed, those being handled
   * included.
   *
   * @throws InboxException if the cluster cannot be reached
   */
  @Override
  public int backlog() {
    try {
      TopicDescription description =
          Objects.requireNonNull(
              admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic), topic);
      List<TopicPartition> partitions =
          description.partitions().stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, ListOffsetsResultInfo> ends = offsets(partitions, OffsetSpec.latest());
      Map<TopicPartition, ListOffsetsResultInfo> starts =
          offsets(partitions, OffsetSpec.earliest());
      long lag = 0;
      for (TopicPartition partition : partitions) {
        OffsetAndMetadata offset = committed.get(partition);
        long from = offset != null ? offset.offset() : offsetOf(starts, partition);
        lag += Math.max(0, offsetOf(ends, partition) - from);
      }
      return (int) Math.min(Integer.MAX_VALUE, lag);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InboxException("interrupted while reading the lag of topic " + topic, e);
    } catch (ExecutionException | RuntimeException e) {
      throw new InboxException("cannot read the lag of topic " + topic, e);
    }
  }

  private static long offsetOf(
      Map<TopicPartition, ListOffsetsResultInfo> offsets, TopicPartition partition) {
    return Objects.requireNonNull(offsets.get(partition), partition.toString()).offset();
  }

  private Map<TopicPartition, ListOffsetsResultInfo> offsets(
      List<TopicPartition> partitions, OffsetSpec spec)
      throws InterruptedException, ExecutionException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(partition -> request.put(partition, spec));
    return admin.listOffsets(request).all().get();
  }

  /**
   * Dead messages, oldest accepted first, read from the dead-letter topic.
   *
   * @throws InboxException if the cluster cannot be reached
   */
  @Override
  public List<InboxMessage> deadMessages(int limit) {
    synchronized (deadLetterLock) {
      return readDead().values().stream().limit(limit).map(Dead::message).toList();
    }
  }

  /**
   * Produces the dead message to the main topic again, attempts reset and last error kept, then a
   * tombstone for it to the dead-letter topic.
   *
   * @throws InboxException if the cluster cannot be reached
   */
  @Override
  public boolean requeue(String key) {
    Objects.requireNonNull(key, "key");
    synchronized (deadLetterLock) {
      Dead dead = readDead().get(key);
      if (dead == null) {
        return false;
      }
      long deadline = System.nanoTime() + acceptTimeout.toNanos();
      InboxMessage message =
          dead.message().with(0, clock.instant(), dead.message().lastError(), "");
      write(topic, dead.orderingKey(), message, dead.acceptedAt(), deadline);
      send(new ProducerRecord<>(deadLetterTopic, null, RecordCodec.bytes(key), null), deadline);
      return true;
    }
  }

  /**
   * How many messages the dead-letter topic holds.
   *
   * @throws InboxException if the cluster cannot be reached
   */
  @Override
  public int deadCount() {
    synchronized (deadLetterLock) {
      return readDead().size();
    }
  }

  private record Dead(InboxMessage message, Instant acceptedAt, String orderingKey) {}

  /** The dead-letter topic's live messages by key, oldest accepted first. */
  private Map<String, Dead> readDead() {
    Map<String, Object> properties = new HashMap<>(clientProperties);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, Dead> live = new LinkedHashMap<>();
    try (KafkaConsumer<byte[], byte[]> reader =
        new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = reader.partitionsFor(deadLetterTopic, acceptTimeout);
      List<TopicPartition> partitions =
          infos.stream()
              .map(info -> new TopicPartition(deadLetterTopic, info.partition()))
              .toList();
      reader.assign(partitions);
      reader.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = reader.endOffsets(partitions, acceptTimeout);
      long deadline = System.nanoTime() + acceptTimeout.toNanos();
      while (partitions.stream()
          .anyMatch(p -> reader.position(p, acceptTimeout) < ends.getOrDefault(p, 0L))) {
        if (System.nanoTime() - deadline >= 0) {
          throw new InboxException(
              "dead-letter topic " + deadLetterTopic + " not read within " + acceptTimeout, null);
        }
        for (ConsumerRecord<byte[], byte[]> record : reader.poll(POLL_TIMEOUT)) {
          if (record.key() == null) {
            continue;
          }
          String key = new String(record.key(), StandardCharsets.UTF_8);
          if (record.value() == null) {
            live.remove(key);
          } else {
            String ordering = RecordCodec.last(record.headers(), ORDERING_KEY);
            live.remove(key);
            live.put(
                key,
                new Dead(
                    RecordCodec.read(record.headers(), record.value()),
                    RecordCodec.acceptedAt(record.headers()),
                    ordering != null ? ordering : key));
          }
        }
      }
    } catch (InboxException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InboxException("cannot read dead-letter topic " + deadLetterTopic, e);
    }
    Map<String, Dead> sorted = new LinkedHashMap<>();
    live.values().stream()
        .sorted(Comparator.comparing(Dead::acceptedAt))
        .forEach(dead -> sorted.put(dead.message().key(), dead));
    return sorted;
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Stops taking, commits what was settled, leaves the group and closes the clients. Messages still
   * taken keep their claims: a success completes the key in the store, other outcomes release it
   * for the partition's new owner. Close the workers first.
   */
  @Override
  public void close() {
    Thread thread;
    synchronized (lock) {
      if (closed) {
        return;
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
    producer.close(Duration.ofSeconds(5));
    admin.close(Duration.ofSeconds(5));
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "KafkaInbox[topic="
        + topic
        + ", deadLetterTopic="
        + deadLetterTopic
        + ", group="
        + groupId
        + "]";
  }

  /** Configures a {@link KafkaInbox}; not thread-safe. */
  public static final class Builder {
    private final String topic;
    private final IdempotencyStore store;
    private final Map<String, Object> clientProperties = new HashMap<>();
    private @Nullable String deadLetterTopic;
    private String groupId = DEFAULT_GROUP_ID;
    private Duration acceptTimeout = DEFAULT_ACCEPT_TIMEOUT;
    private Duration takeWait = DEFAULT_TAKE_WAIT;
    private int maxBuffered = DEFAULT_MAX_BUFFERED;
    private Clock clock = Clock.systemUTC();

    private Builder(String bootstrapServers, String topic, IdempotencyStore store) {
      clientProperties.put(
          CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
          Objects.requireNonNull(bootstrapServers, "bootstrapServers"));
      this.topic = Objects.requireNonNull(topic, "topic");
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Further Kafka client settings (security, client id, ...) for the producer, the consumers and
     * the admin client. The settings the inbox's guarantees rest on (acks, idempotence, auto
     * commit, group id, serializers) are its own and override these.
     */
    public Builder clientProperties(Map<String, ?> properties) {
      clientProperties.putAll(Objects.requireNonNull(properties, "properties"));
      return this;
    }

    /** The consumer group the taking instances form; default {@value #DEFAULT_GROUP_ID}. */
    public Builder groupId(String groupId) {
      this.groupId = Objects.requireNonNull(groupId, "groupId");
      return this;
    }

    /** The dead-letter topic; default the main topic's name with {@value #DEAD_LETTER_SUFFIX}. */
    public Builder deadLetterTopic(String deadLetterTopic) {
      this.deadLetterTopic = Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
      return this;
    }

    /**
     * How long an accept waits for the broker's acknowledgement (and for the store), also the bound
     * of the operator's reads; default 5 s.
     */
    public Builder acceptTimeout(Duration acceptTimeout) {
      this.acceptTimeout = Objects.requireNonNull(acceptTimeout, "acceptTimeout");
      return this;
    }

    /** How long a take waits for records when none is due; default 1 s. */
    public Builder takeWait(Duration takeWait) {
      this.takeWait = Objects.requireNonNull(takeWait, "takeWait");
      return this;
    }

    /** Records a partition keeps in memory before its fetching pauses; default 1,000. */
    public Builder maxBuffered(int maxBuffered) {
      this.maxBuffered = maxBuffered;
      return this;
    }

    /** The clock of accept times, due times and leases. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Returns the inbox with its producer and admin client; the consumer starts on the first take.
     *
     * @throws WebhookConfigurationException if a setting is out of range
     */
    public KafkaInbox build() {
      for (Duration duration : List.of(acceptTimeout, takeWait)) {
        if (duration.isNegative() || duration.isZero()) {
          throw new WebhookConfigurationException(
              "durations must be positive, but one was " + duration);
        }
      }
      if (maxBuffered < 2) {
        throw new WebhookConfigurationException(
            "maxBuffered must be at least 2, but was " + maxBuffered);
      }
      return new KafkaInbox(this);
    }
  }
}
