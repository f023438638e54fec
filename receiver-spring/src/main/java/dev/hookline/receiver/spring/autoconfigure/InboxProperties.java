package dev.hookline.receiver.spring.autoconfigure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The inbox of asynchronous endpoints and the workers that drain it, {@code hookline.inbox.*}. */
@ConfigurationProperties(prefix = "hookline.inbox")
public class InboxProperties {

  /**
   * memory (default; not durable), jdbc (a table per endpoint in the DataSource) or kafka (a topic
   * per endpoint, see hookline.inbox.kafka); redis is an idempotency store only.
   */
  private StoreType store = StoreType.MEMORY;

  /** JDBC inbox: the table name prefix; the endpoint name is appended. */
  private String tablePrefix = "hookline_inbox_";

  /** JDBC inbox: create the tables at startup if they do not exist. */
  private boolean createTable;

  /** Worker threads per asynchronous endpoint. */
  private int workers = 2;

  /** Attempts before a message is dead. */
  private int maxAttempts = 8;

  /** The first retry delay, doubled per attempt. */
  private Duration initialBackoff = Duration.ofSeconds(1);

  /** The longest retry delay. */
  private Duration maxBackoff = Duration.ofMinutes(10);

  /** How long a taken message is reserved for one worker. */
  private Duration lease = Duration.ofMinutes(5);

  public StoreType getStore() {
    return store;
  }

  public void setStore(StoreType store) {
    this.store = store;
  }

  public String getTablePrefix() {
    return tablePrefix;
  }

  public void setTablePrefix(String tablePrefix) {
    this.tablePrefix = tablePrefix;
  }

  public boolean isCreateTable() {
    return createTable;
  }

  public void setCreateTable(boolean createTable) {
    this.createTable = createTable;
  }

  public int getWorkers() {
    return workers;
  }

  public void setWorkers(int workers) {
    this.workers = workers;
  }

  public int getMaxAttempts() {
    return maxAttempts;
  }

  public void setMaxAttempts(int maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  public Duration getInitialBackoff() {
    return initialBackoff;
  }

  public void setInitialBackoff(Duration initialBackoff) {
    this.initialBackoff = initialBackoff;
  }

  public Duration getMaxBackoff() {
    return maxBackoff;
  }

  public void setMaxBackoff(Duration maxBackoff) {
    this.maxBackoff = maxBackoff;
  }

  public Duration getLease() {
    return lease;
  }

  public void setLease(Duration lease) {
    this.lease = lease;
  }
}
