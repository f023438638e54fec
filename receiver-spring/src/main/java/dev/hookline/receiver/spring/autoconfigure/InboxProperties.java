package dev.hookline.receiver.spring.autoconfigure;

import dev.hookline.receiver.core.WebhookConfigurationException;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;

/**
 * The inbox of asynchronous endpoints and the workers that drain it, {@code hookline.inbox.*}. The
 * inbox is chosen by {@code hookline.inbox.type}; {@code hookline.inbox.store}, its former name,
 * still works, and startup fails if both are set to different inboxes.
 */
@ConfigurationProperties(prefix = "hookline.inbox")
public class InboxProperties implements InitializingBean {

  /** The documented name of the inbox's type. */
  static final String TYPE = "hookline.inbox.type";

  /** The deprecated name of the inbox's type. */
  static final String STORE = "hookline.inbox.store";

  /**
   * memory (default; not durable), jdbc (a table per endpoint in the DataSource) or kafka (a topic
   * per endpoint, see hookline.inbox.kafka); redis is an idempotency store only.
   */
  private StoreType type = StoreType.MEMORY;

  private boolean typeSet;

  /** Deprecated: the former name of hookline.inbox.type. */
  private @Nullable StoreType store;

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

  /** The inbox: hookline.inbox.type, else the deprecated hookline.inbox.store, else memory. */
  public StoreType getType() {
    return typeSet || store == null ? type : store;
  }

  public void setType(StoreType type) {
    this.type = type;
    this.typeSet = true;
  }

  /**
   * The inbox as set under its former name, if it was.
   *
   * @deprecated set {@code hookline.inbox.type}; read {@link #getType()}
   */
  @Deprecated
  @DeprecatedConfigurationProperty(
      replacement = TYPE,
      reason = "the property chooses an inbox, not a store")
  public @Nullable StoreType getStore() {
    return store;
  }

  /**
   * Sets the inbox under its former name.
   *
   * @deprecated set {@code hookline.inbox.type}
   */
  @Deprecated
  public void setStore(@Nullable StoreType store) {
    this.store = store;
  }

  /**
   * The name of the property the inbox was chosen by, for messages: {@value #TYPE}, or {@value
   * #STORE} when only that was set.
   */
  public String typeProperty() {
    return typeSet || store == null ? TYPE : STORE;
  }

  /**
   * Checks that the inbox's two names do not disagree.
   *
   * @throws WebhookConfigurationException if both are set, to different inboxes
   */
  @Override
  public void afterPropertiesSet() {
    if (typeSet && store != null && store != type) {
      throw new WebhookConfigurationException(
          TYPE,
          TYPE
              + "="
              + type.name().toLowerCase(Locale.ROOT)
              + " and its deprecated name "
              + STORE
              + "="
              + store.name().toLowerCase(Locale.ROOT)
              + " choose different inboxes; set "
              + TYPE
              + " alone");
    }
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
