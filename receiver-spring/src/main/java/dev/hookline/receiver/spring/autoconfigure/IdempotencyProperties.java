package dev.hookline.receiver.spring.autoconfigure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The idempotency store shared by every endpoint, {@code hookline.idempotency.*}. */
@ConfigurationProperties(prefix = "hookline.idempotency")
public class IdempotencyProperties {

  /**
   * Which store: memory (the default), jdbc (the application's DataSource) or redis (the
   * application's Lettuce connection factory).
   */
  private StoreType store = StoreType.MEMORY;

  /** JDBC store: the table name. */
  private String table = "hookline_idempotency";

  /** JDBC store: create the table at startup if it does not exist. */
  private boolean createTable;

  /**
   * JDBC store on PostgreSQL: whether the receiver answers only once a delivery's completion is
   * flushed to disk (see {@code JdbcIdempotencyStore.Builder#flushCompletions}); other databases
   * always wait for it.
   */
  private boolean flushCompletions;

  /** Redis store: what every key of the store starts with. */
  private String keyPrefix = "hookline:idempotency:";

  /** Redis store: how long each command may take, also while Redis cannot be reached. */
  private Duration timeout = Duration.ofSeconds(2);

  /** Memory store: the most keys remembered. */
  private int maxEntries = 100_000;

  /** How long an unfinished claim blocks its key. */
  private Duration lease = Duration.ofMinutes(1);

  /** How long a processed key is remembered. */
  private Duration retention = Duration.ofDays(7);

  public StoreType getStore() {
    return store;
  }

  public String getTable() {
    return table;
  }

  public void setTable(String table) {
    this.table = table;
  }

  public boolean isCreateTable() {
    return createTable;
  }

  public void setCreateTable(boolean createTable) {
    this.createTable = createTable;
  }

  public boolean isFlushCompletions() {
    return flushCompletions;
  }

  public void setFlushCompletions(boolean flushCompletions) {
    this.flushCompletions = flushCompletions;
  }

  public void setStore(StoreType store) {
    this.store = store;
  }

  public String getKeyPrefix() {
    return keyPrefix;
  }

  public void setKeyPrefix(String keyPrefix) {
    this.keyPrefix = keyPrefix;
  }

  public Duration getTimeout() {
    return timeout;
  }

  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }

  public int getMaxEntries() {
    return maxEntries;
  }

  public void setMaxEntries(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  public Duration getLease() {
    return lease;
  }

  public void setLease(Duration lease) {
    this.lease = lease;
  }

  public Duration getRetention() {
    return retention;
  }

  public void setRetention(Duration retention) {
    this.retention = retention;
  }
}
