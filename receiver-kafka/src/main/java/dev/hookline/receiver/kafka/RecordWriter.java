package dev.hookline.receiver.kafka;

import dev.hookline.receiver.core.InboxException;
import dev.hookline.receiver.inbox.InboxMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The producer of a {@link KafkaInbox}, idempotent and with {@code acks=all}: writes accepted and
 * requeued messages to the main topic, dead ones and tombstones to the dead-letter topic, and waits
 * for each acknowledgement at most until a deadline. Thread-safe.
 */
final class RecordWriter implements AutoCloseable {

  /** How long the producer waits to batch records. */
  private static final int LINGER_MILLIS = 5;

  private final Duration acceptTimeout;
  private final KafkaProducer<byte[], byte[]> producer;

  RecordWriter(Map<String, Object> clientProperties, Duration acceptTimeout) {
    this.acceptTimeout = acceptTimeout;
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
  }

  /** The deadline, in {@link System#nanoTime()}, of a write starting now. */
  long deadline() {
    return System.nanoTime() + acceptTimeout.toNanos();
  }

  /** Produces a message and waits for the acknowledgement until the deadline. */
  void write(
      String destination,
      String recordKey,
      InboxMessage message,
      Instant acceptedAt,
      long deadline) {
    Headers headers = RecordCodec.write(message, acceptedAt);
    headers.add(RecordCodec.ORDERING_KEY, RecordCodec.bytes(recordKey));
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

  /**
   * Produces a record and waits for the acknowledgement until the deadline.
   *
   * @throws InboxException if the broker did not acknowledge it in time, or refused it
   */
  void send(ProducerRecord<byte[], byte[]> record, long deadline) {
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

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
