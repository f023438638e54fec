package dev.hookline.receiver.kafka;

import dev.hookline.receiver.idempotency.Claim;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.internal.KeyNamespaces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys a {@link KafkaInbox} keeps in its {@link IdempotencyStore}: {@code
 * <namespace>|<topic>|accepted|<key>} for keys written to the topic, {@code
 * <namespace>|<topic>|handled|<key>} for keys whose handlers ran, where the namespace is the event
 * key's own (its text before the first {@code |}: the endpoint, and the tenant after a slash; empty
 * for a key without a {@code |}, so that its markers start with one).
 *
 * <p>The namespace comes first because the bounded in-memory store evicts by namespace ({@link
 * KeyNamespaces}): with the Kafka topic first, every endpoint and tenant of one topic would share
 * one namespace, and a sender who can sign for one tenant could flood the store with new events to
 * evict the others' markers, then have their captured deliveries accepted and handled again. A
 * namespace holds no {@code |}, and a Kafka topic name cannot (only ASCII letters, digits, {@code
 * .}, {@code _} and {@code -}), so a marker reads back one way only.
 */
final class Claims {

  private static final Logger log = LoggerFactory.getLogger(KafkaInbox.class);

  private Claims() {}

  /**
   * The key's acceptance marker: claimed while the key is written to the topic, done once the
   * broker acknowledged it.
   */
  static String accepted(String topic, String key) {
    return marker(topic, "accepted", key);
  }

  /** The key's handling marker: claimed while its handlers run, done once they succeeded. */
  static String handled(String topic, String key) {
    return marker(topic, "handled", key);
  }

  private static String marker(String topic, String state, String key) {
    return KeyNamespaces.of(key) + "|" + topic + "|" + state + "|" + key;
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
