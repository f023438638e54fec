package dev.hookline.receiver.kafka;

import dev.hookline.receiver.core.InboxException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.idempotency.Claim;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.inbox.InboxMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accepting side of a {@link KafkaInbox}: claims the key as accepted in the store, produces the
 * event to the main topic, and records the key once the broker acknowledged it. Thread-safe.
 */
final class InboxAcceptor {

  private static final Logger log = LoggerFactory.getLogger(KafkaInbox.class);

  /** The pause between claims of a key a concurrent copy is being accepted under. */
  private static final long ACCEPT_WAIT_MILLIS = 10;

  private final String topic;
  private final IdempotencyStore store;
  private final RecordWriter writer;
  private final Duration acceptTimeout;
  private final Clock clock;

  InboxAcceptor(
      String topic,
      IdempotencyStore store,
      RecordWriter writer,
      Duration acceptTimeout,
      Clock clock) {
    this.topic = topic;
    this.store = store;
    this.writer = writer;
    this.acceptTimeout = acceptTimeout;
    this.clock = clock;
  }

  /** See {@link KafkaInbox#accept}. */
  boolean accept(String key, String topic, Optional<String> orderingKey, WebhookRequest request) {
    long deadline = writer.deadline();
    Claim marker = claimAcceptance(key, deadline);
    if (marker == null) {
      return false;
    }
    Instant now = clock.instant();
    InboxMessage message =
        new InboxMessage(
            key, topic, request.headers().asMap(), request.body(), 0, now, Optional.empty(), "");
    try {
      writer.write(this.topic, orderingKey.orElse(key), message, now, deadline);
    } catch (InboxException e) {
      Claims.releaseQuietly(store, marker);
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
    String marker = Claims.accepted(topic, key);
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
}
