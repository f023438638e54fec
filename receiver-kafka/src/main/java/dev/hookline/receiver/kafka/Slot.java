package dev.hookline.receiver.kafka;

import dev.hookline.receiver.idempotency.Claim;
import dev.hookline.receiver.inbox.InboxMessage;
import java.time.Instant;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * One record of a partition a {@link KafkaInbox} is assigned, from its fetch until it is settled.
 * Guarded by its {@link InboxConsumer}'s lock.
 */
final class Slot {

  enum State {
    WAITING,
    TAKEN,
    SETTLED
  }

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
