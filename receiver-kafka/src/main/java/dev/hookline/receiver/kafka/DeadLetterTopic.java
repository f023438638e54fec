package dev.hookline.receiver.kafka;

import dev.hookline.receiver.core.InboxException;
import dev.hookline.receiver.inbox.InboxMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The dead-letter topic of a {@link KafkaInbox}, compacted and keyed by idempotency key: a message
 * that failed for the last time is written there with its ordering key, a requeued one is removed
 * by a tombstone, and the live ones are read from the topic's start. Thread-safe.
 */
final class DeadLetterTopic {

  /** How long one poll of a read blocks. */
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

  private final String name;
  private final RecordWriter writer;
  private final Map<String, Object> clientProperties;
  private final Duration acceptTimeout;

  /** A live dead message, with what its requeue needs. */
  record Dead(InboxMessage message, Instant acceptedAt, String orderingKey) {}

  DeadLetterTopic(
      String name,
      RecordWriter writer,
      Map<String, Object> clientProperties,
      Duration acceptTimeout) {
    this.name = name;
    this.writer = writer;
    this.clientProperties = clientProperties;
    this.acceptTimeout = acceptTimeout;
  }

  String name() {
    return name;
  }

  /**
   * Writes the dead message, keyed by its idempotency key.
   *
   * @throws InboxException if the broker did not acknowledge it within the accept timeout
   */
  void add(InboxMessage message, Instant acceptedAt, String orderingKey) {
    Headers headers = RecordCodec.write(message, acceptedAt);
    headers.add(RecordCodec.ORDERING_KEY, RecordCodec.bytes(orderingKey));
    writer.send(
        new ProducerRecord<>(name, null, RecordCodec.bytes(message.key()), message.body(), headers),
        writer.deadline());
  }

  /** Writes a tombstone for the key, which removes its dead message. */
  void remove(String key, long deadline) {
    writer.send(new ProducerRecord<>(name, null, RecordCodec.bytes(key), null), deadline);
  }

  /** The topic's live messages by key, oldest accepted first. */
  Map<String, Dead> read() {
    Map<String, Object> properties = new HashMap<>(clientProperties);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, Dead> live = new LinkedHashMap<>();
    try (KafkaConsumer<byte[], byte[]> reader =
        new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = reader.partitionsFor(name, acceptTimeout);
      List<TopicPartition> partitions =
          infos.stream().map(info -> new TopicPartition(name, info.partition())).toList();
      reader.assign(partitions);
      reader.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = reader.endOffsets(partitions, acceptTimeout);
      long deadline = System.nanoTime() + acceptTimeout.toNanos();
      while (partitions.stream()
          .anyMatch(p -> reader.position(p, acceptTimeout) < ends.getOrDefault(p, 0L))) {
        if (System.nanoTime() - deadline >= 0) {
          throw new InboxException(
              "dead-letter topic " + name + " not read within " + acceptTimeout, null);
        }
        for (ConsumerRecord<byte[], byte[]> record : reader.poll(POLL_TIMEOUT)) {
          if (record.key() == null) {
            continue;
          }
          String key = RecordCodec.text(record.key());
          if (record.value() == null) {
            live.remove(key);
          } else {
            String ordering = RecordCodec.last(record.headers(), RecordCodec.ORDERING_KEY);
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
      throw new InboxException("cannot read dead-letter topic " + name, e);
    }
    Map<String, Dead> sorted = new LinkedHashMap<>();
    live.values().stream()
        .sorted(Comparator.comparing(Dead::acceptedAt))
        .forEach(dead -> sorted.put(dead.message().key(), dead));
    return sorted;
  }
}
