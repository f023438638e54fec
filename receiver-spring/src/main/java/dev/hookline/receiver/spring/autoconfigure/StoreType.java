package dev.hookline.receiver.spring.autoconfigure;

/**
 * Which store keeps processed keys ({@code hookline.idempotency.store}) or the events of
 * asynchronous endpoints ({@code hookline.inbox.store}).
 */
public enum StoreType {
  /** Bounded, in this JVM only: not shared by instances, lost on restart. */
  MEMORY,
  /** A table in the application's DataSource, shared by every instance (receiver-jdbc). */
  JDBC
}
