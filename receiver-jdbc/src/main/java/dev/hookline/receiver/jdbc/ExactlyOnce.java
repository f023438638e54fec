package dev.hookline.receiver.jdbc;

import static dev.hookline.receiver.jdbc.JdbcSupport.insertOrIgnore;
import static dev.hookline.receiver.jdbc.JdbcSupport.rollbackQuietly;

import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.internal.LogText;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Runs a handler's database work in one transaction with a done row of its own in the store's
 * table, so that the work commits at most once per event and handler: the row is inserted first,
 * and if it exists (committed by an earlier run, or by a concurrent one this insert waited for) the
 * handler does not run. A crash or a failure before the commit rolls both back, and a retry runs
 * the handler again; a failure after the commit (say, while the receiver records the delivery's
 * completion) leaves the row, and the retry skips the handler.
 */
final class ExactlyOnce {

  /** Marks start with a prefix no endpoint name can make: endpoint names have no colon. */
  private static final String MARK_PREFIX = "effect:";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._$#-]{1,200}");

  /** The database work of a handler, given the transaction's connection. */
  @FunctionalInterface
  interface Work {
    void run(Connection connection) throws Exception;
  }

  private final DataSource dataSource;
  private final Dialect dialect;
  private final String insertDone;
  private final Clock clock;

  ExactlyOnce(DataSource dataSource, Dialect dialect, TableName table, Clock clock) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.insertDone = Sql.insertDone(dialect, table);
    this.clock = clock;
  }

  /**
   * Checks a handler's name, which its marks carry.
   *
   * @throws WebhookConfigurationException if it is not 1 to 200 ASCII letters, digits, '.', '-',
   *     '_', '$' or '#'
   */
  static String checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new WebhookConfigurationException(
          "handler name must be 1 to 200 ASCII letters, digits, '.', '-', '_', '$' or '#', but was"
              + " \""
              + LogText.escape(name)
              + "\"");
    }
    return name;
  }

  /** Runs the work unless the named handler's work for the event committed before. */
  void run(String name, WebhookEvent event, Work work) throws Exception {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        if (mark(name, event, connection)) {
          work.run(connection);
          connection.commit();
        } else {
          connection.rollback();
        }
      } catch (Exception | Error e) {
        rollbackQuietly(connection, e);
        throw e;
      } finally {
        if (autoCommit) {
          connection.setAutoCommit(true);
        }
      }
    }
  }

  /**
   * Inserts the named handler's done row for the event in the connection's transaction, neither
   * committing nor rolling back; false if the row exists (on H2 the failed insert is undone, the
   * transaction goes on).
   */
  boolean mark(String name, WebhookEvent event, Connection connection) throws SQLException {
    // Names and tenant ids hold neither '@' nor '|': the parts cannot run into each other.
    String mark =
        JdbcIdempotencyStore.storedKey(
            MARK_PREFIX
                + name
                + event.tenant().map(tenant -> "@" + tenant).orElse("")
                + "|"
                + event.idempotencyKey());
    long now = clock.millis();
    return insertOrIgnore(
        connection,
        false,
        dialect,
        insertDone,
        statement -> {
          statement.setString(1, mark);
          statement.setLong(2, now);
          statement.setLong(3, now);
          statement.setLong(4, now);
        });
  }
}
