/**
 * An {@link dev.hookline.receiver.inbox.Inbox} on Kafka: {@link
 * dev.hookline.receiver.kafka.KafkaInbox} produces each accepted request to a topic and answers
 * only once the broker acknowledged it; the instances that take messages form a consumer group,
 * guard each handler run with an {@link dev.hookline.receiver.idempotency.IdempotencyStore}, retry
 * in place (one entity's events stay in order) and move messages that failed for the last time to a
 * dead-letter topic, from which an operator requeues them. Everything here is non-null unless
 * documented otherwise.
 */
@NullMarked
package dev.hookline.receiver.kafka;

import org.jspecify.annotations.NullMarked;
