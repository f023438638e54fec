package dev.hookline.receiver.kafka;

import dev.hookline.receiver.idempotency.Claim;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys a {@link KafkaInbox} keeps in its {@link IdempotencyStore}: {@code
 * <topic>|accepted|<key>} for keys written to the topic, {@code <topic>|handled|<key>} for keys
 * whose handlers ran.
 */
final class Claims {

  private static final Logger log = LoggerFactory.getLogger(KafkaInbox.class);

  private Claims() {}

  static String accepted(String topic, String key) {
    return topic + "|accepted|" + key;
  }

  static String handled(String topic, String key) {
    return topic + "|handled|" + key;
  }

  /** Releases the claim; a store that fails leaves it to its lease. */
  static void releaseQuietly(IdempotencyStore store, Claim claim) {
    try {
      store.release(claim);
    } catch (RuntimeException e) {
      log.warn(
          "Idempotency store failed to release {}; it is free after its lease", claim.key(), e);
    }
  }
}
