package dev.hookline.receiver.kafka;

import dev.hookline.receiver.core.InboxException;
import dev.hookline.receiver.inbox.InboxMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The operator's view of a {@link KafkaInbox}: the consumer group's lag through an admin client,
 * and the dead messages, listed and requeued from the dead-letter topic. Thread-safe.
 */
final class InboxAdminView implements AutoCloseable {

  private final String topic;
  private final String groupId;
  private final DeadLetterTopic deadLetters;
  private final RecordWriter writer;
  private final Clock clock;
  private final Admin admin;

  /** Guards the operator's reads and requeues of the dead-letter topic. */
  private final Object deadLetterLock = new Object();

  InboxAdminView(
      String topic,
      String groupId,
      DeadLetterTopic deadLetters,
      RecordWriter writer,
      Map<String, Object> clientProperties,
      Duration acceptTimeout,
      Clock clock) {
    this.topic = topic;
    this.groupId = groupId;
    this.deadLetters = deadLetters;
    this.writer = writer;
    this.clock = clock;
    Map<String, Object> adminProperties = new HashMap<>(clientProperties);
    int timeout = (int) acceptTimeout.toMillis();
    adminProperties.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
    adminProperties.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, timeout);
    this.admin = Admin.create(adminProperties);
  }

  /** See {@link KafkaInbox#backlog}. */
  int backlog() {
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

  /** See {@link KafkaInbox#deadMessages}. */
  List<InboxMessage> deadMessages(int limit) {
    synchronized (deadLetterLock) {
      return deadLetters.read().values().stream()
          .limit(limit)
          .map(DeadLetterTopic.Dead::message)
          .toList();
    }
  }

  /** See {@link KafkaInbox#requeue}. */
  boolean requeue(String key) {
    synchronized (deadLetterLock) {
      DeadLetterTopic.Dead dead = deadLetters.read().get(key);
      if (dead == null) {
        return false;
      }
      long deadline = writer.deadline();
      InboxMessage message =
          dead.message().with(0, clock.instant(), dead.message().lastError(), "");
      writer.write(topic, dead.orderingKey(), message, dead.acceptedAt(), deadline);
      deadLetters.remove(key, deadline);
      return true;
    }
  }

  /** See {@link KafkaInbox#deadCount}. */
  int deadCount() {
    synchronized (deadLetterLock) {
      return deadLetters.read().size();
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
