package dev.hookline.receiver.kafka;

import dev.hookline.receiver.core.InboxException;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.inbox.Inbox;
import dev.hookline.receiver.inbox.InboxAdmin;
import dev.hookline.receiver.inbox.InboxMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.jspecify.annotations.Nullable;

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
 * records each accepted key in its {@link IdempotencyStore} (under {@code
 * <namespace>|<topic>|accepted|<key>}), after the broker acknowledged it: a copy of a delivery
 * accepted before, within the store's retention, returns false (answered 200), as with the JDBC
 * inbox. A copy arriving while another is being written waits for it, at most the accept timeout.
 * The one difference: if the store cannot record an accepted key, or a producer timeout hid a
 * record that was written after all, the topic holds the event twice; the second is skipped when
 * consumed (next paragraph).
 *
 * <p><b>Taking.</b> The first call of {@link #take} joins the consumer group; from then on a thread
 * of this inbox polls the assigned partitions into memory. A message is taken only after claiming
 * {@code <namespace>|<topic>|handled|<key>} in the store: a key already done (a copy, or a record a
 * crashed or rebalanced member handled but did not commit) is skipped, and a key another member is
 * still handling waits until that member completes or releases it. {@link #succeeded} completes the
 * claim, then commits the partition's offset; so a rebalance, or a crash after the completion and
 * before the offset commit, never runs the handler again for that key, and a member that takes a
 * partition over while the old owner's handler still runs waits for it. The store's lease must
 * therefore exceed the longest handler run. A member that dies while handling, or after its handler
 * but before the completion reached the store, gives its keys up when the lease ends, and they run
 * again (at-least-once, as with every store; effects that must not repeat need exactly-once
 * handlers). The store must be shared by every instance (JDBC or Redis) for any of this to hold
 * across instances.
 *
 * <p><b>Markers by namespace.</b> The {@code <namespace>} of both markers is the event key's own:
 * its text before the first {@code |}, which the receiver makes the endpoint's name, and the
 * tenant's after a slash. The bounded in-memory store evicts by namespace, so a sender who can sign
 * for one endpoint or tenant and floods the store with new events pushes out its own markers, not
 * those of the other endpoints and tenants sharing the topic. A Kafka topic name holds no {@code
 * |}, so the marker reads back one way only.
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

  private final String topic;
  private final String groupId;
  private final RecordWriter writer;
  private final InboxAcceptor acceptor;
  private final InboxConsumer consumer;
  private final DeadLetterTopic deadLetters;
  private final InboxAdminView adminView;

  private KafkaInbox(Builder builder) {
    this.topic = builder.topic;
    this.groupId = builder.groupId;
    Map<String, Object> clientProperties = Map.copyOf(builder.clientProperties);
    this.writer = new RecordWriter(clientProperties, builder.acceptTimeout);
    this.deadLetters =
        new DeadLetterTopic(
            builder.deadLetterTopic != null ? builder.deadLetterTopic : topic + DEAD_LETTER_SUFFIX,
            writer,
            clientProperties,
            builder.acceptTimeout);
    this.acceptor =
        new InboxAcceptor(topic, builder.store, writer, builder.acceptTimeout, builder.clock);
    this.consumer =
        new InboxConsumer(
            topic,
            groupId,
            builder.store,
            deadLetters,
            clientProperties,
            builder.acceptTimeout,
            builder.takeWait,
            builder.maxBuffered,
            builder.clock);
    this.adminView =
        new InboxAdminView(
            topic,
            groupId,
            deadLetters,
            writer,
            clientProperties,
            builder.acceptTimeout,
            builder.clock);
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
    if (consumer.isClosed()) {
      throw new InboxException("Kafka inbox is closed", null);
    }
    return acceptor.accept(key, topic, orderingKey, request);
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
    return consumer.take(max, lease);
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
    consumer.succeeded(message);
  }

  /** Releases the message's claim and makes it due again at the given time, in place. */
  @Override
  public void retry(InboxMessage message, Instant nextAttemptAt, String error) {
    consumer.retry(message, nextAttemptAt, error);
  }

  /**
   * Produces the message to the dead-letter topic, releases its claim and commits past it. A
   * partition this member lost meanwhile is left to its new owner, which runs the message again.
   *
   * @throws InboxException if the dead-letter topic cannot be written; nothing changed then
   */
  @Override
  public void dead(InboxMessage message, String error) {
    consumer.dead(message, error);
  }

  /** Releases the message's claim and makes it due at once, its attempts unchanged. */
  @Override
  public void handBack(InboxMessage message) {
    consumer.handBack(message);
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
    return adminView.backlog();
  }

  /**
   * Dead messages, oldest accepted first, read from the dead-letter topic.
   *
   * @throws InboxException if the cluster cannot be reached
   */
  @Override
  public List<InboxMessage> deadMessages(int limit) {
    return adminView.deadMessages(limit);
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
    return adminView.requeue(key);
  }

  /**
   * How many messages the dead-letter topic holds.
   *
   * @throws InboxException if the cluster cannot be reached
   */
  @Override
  public int deadCount() {
    return adminView.deadCount();
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Stops taking, commits what was settled, leaves the group and closes the clients. Messages still
   * taken keep their claims: a success completes the key in the store, other outcomes release it
   * for the partition's new owner. Close the workers first.
   */
  @Override
  public void close() {
    if (consumer.close()) {
      writer.close();
      adminView.close();
    }
  }

  @Override
  public String toString() {
    return "KafkaInbox[topic="
        + topic
        + ", deadLetterTopic="
        + deadLetters.name()
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
