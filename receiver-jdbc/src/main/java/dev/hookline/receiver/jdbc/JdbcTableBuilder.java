package dev.hookline.receiver.jdbc;

import dev.hookline.receiver.core.WebhookConfigurationException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The settings the JDBC store's and the inbox's builders share: the data source, dialect, table,
 * retention, clock, purge batch and table creation. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class JdbcTableBuilder<B extends JdbcTableBuilder<B>> {

  /** Default number of rows one purge statement deletes at most: {@value}. */
  public static final int DEFAULT_PURGE_BATCH_SIZE = 1000;

  private final DataSource dataSource;
  private @Nullable Dialect dialect;
  private String tableName;
  private Duration retention;
  private Clock clock = Clock.systemUTC();
  private int purgeBatchSize = DEFAULT_PURGE_BATCH_SIZE;
  private boolean createTable;

  JdbcTableBuilder(DataSource dataSource, String defaultTableName, Duration defaultRetention) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.tableName = defaultTableName;
    this.retention = defaultRetention;
  }

  /** This builder, typed. */
  abstract B self();

  /**
   * The SQL flavour. When not set, {@code build()} connects once and detects it from {@code
   * DatabaseMetaData.getDatabaseProductName()}; set it to build while the database is down.
   */
  public B dialect(Dialect dialect) {
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    return self();
  }

  /**
   * The table. Letters, digits and underscores, not starting with a digit, at most 57 characters,
   * optionally prefixed by a schema of the same form and a dot; it is checked at {@code build()}
   * because it becomes part of the SQL.
   */
  public B tableName(String tableName) {
    this.tableName = Objects.requireNonNull(tableName, "tableName");
    return self();
  }

  /** How long a processed key stays known; default 7 days. */
  public B retention(Duration retention) {
    this.retention = Objects.requireNonNull(retention, "retention");
    return self();
  }

  /**
   * The clock every stored time is measured with; default the system UTC clock. Instances sharing a
   * table should have clocks that agree to well within the lease.
   */
  public B clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return self();
  }

  /** The most rows one purge statement deletes; default {@value #DEFAULT_PURGE_BATCH_SIZE}. */
  public B purgeBatchSize(int purgeBatchSize) {
    this.purgeBatchSize = purgeBatchSize;
    return self();
  }

  /**
   * Whether {@code build()} creates the table and its indexes if they do not exist, with the
   * dialect's shipped DDL; default off, for schemas managed by migrations.
   */
  public B createTable(boolean createTable) {
    this.createTable = createTable;
    return self();
  }

  DataSource dataSource() {
    return dataSource;
  }

  Duration retention() {
    return retention;
  }

  Clock clock() {
    return clock;
  }

  int purgeBatchSize() {
    return purgeBatchSize;
  }

  /**
   * The table name, checked.
   *
   * @throws WebhookConfigurationException if it is not a plain identifier
   */
  TableName table() {
    return TableName.of(tableName);
  }

  /**
   * Checks the batch size, picks the dialect (detecting it if unset) and creates the table if so
   * configured.
   *
   * @param ddl the statements creating the table in a dialect
   * @param failure the exception of an operation that failed on the table
   */
  Dialect prepare(
      TableName table, BiFunction<Dialect, String, List<String>> ddl, JdbcFailure failure) {
    if (purgeBatchSize < 1) {
      throw new WebhookConfigurationException(
          "purgeBatchSize must be positive, but was " + purgeBatchSize);
    }
    return prepare(dataSource, dialect, createTable, table, ddl, failure);
  }

  /**
   * Picks the dialect (detecting it from the data source if unset) and creates the table if asked,
   * for this builder and for the other tables' builders (the secret vault's).
   */
  static Dialect prepare(
      DataSource dataSource,
      @Nullable Dialect dialect,
      boolean createTable,
      TableName table,
      BiFunction<Dialect, String, List<String>> ddl,
      JdbcFailure failure) {
    Dialect chosen =
        dialect != null
            ? dialect
            : JdbcSupport.detect(dataSource, e -> failure.of("detect the database", table, e));
    if (createTable) {
      JdbcSupport.createTable(
          dataSource,
          table,
          ddl.apply(chosen, table.qualified()),
          e -> failure.of("create the table", table, e));
    }
    return chosen;
  }

  /** Makes the store's or the inbox's exception for an operation that failed on the table. */
  @FunctionalInterface
  interface JdbcFailure {
    RuntimeException of(String operation, TableName table, SQLException cause);
  }
}
