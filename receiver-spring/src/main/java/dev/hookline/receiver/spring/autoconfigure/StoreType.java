package dev.hookline.receiver.spring.autoconfigure;

/**
 * Which store keeps processed keys ({@code hookline.idempotency.store}) or the events of
 * asynchronous endpoints ({@code hookline.inbox.type}).
 */
public enum StoreType {
  /** Bounded, in this JVM only: not shared by instances, lost on restart. */
  MEMORY,
  /** A table in the application's DataSource, shared by every instance (receiver-jdbc). */
  JDBC,
  /**
   * Keys on the application's Redis server, through its Lettuce connection factory, shared by every
   * instance (receiver-redis); for the idempotency store only, not the inbox.
   */
  REDIS,
  /**
   * A topic per endpoint on the application's Kafka cluster, consumed by a group of every instance
   * (receiver-kafka); for the inbox only, guarded by the idempotency store.
   */
  KAFKA
}
