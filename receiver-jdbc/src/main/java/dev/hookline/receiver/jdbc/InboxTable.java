package dev.hookline.receiver.jdbc;

import dev.hookline.receiver.core.InboxException;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * The table of one {@link JdbcInbox} as the classes doing its jobs share it: where connections come
 * from, the dialect, the validated name, the statements and the clock every stored time is measured
 * with. Immutable.
 *
 * @param dataSource a connection is taken from it for each operation
 * @param dialect the SQL flavour
 * @param name the table name
 * @param sql the statements, built for the dialect and the name
 * @param clock the clock of every stored time
 */
record InboxTable(
    DataSource dataSource, Dialect dialect, TableName name, InboxSql sql, Clock clock) {

  InboxTable(DataSource dataSource, Dialect dialect, TableName name, Clock clock) {
    this(dataSource, dialect, name, InboxSql.of(dialect, name), clock);
  }

  /**
   * Names the operation, the table and the SQLState; the driver's message stays in the cause. No
   * key: the receiver's and the worker's log lines name the message already.
   */
  InboxException failure(String operation, SQLException cause) {
    return failure(operation, name, cause);
  }

  static InboxException failure(String operation, TableName table, SQLException cause) {
    return new InboxException(JdbcSupport.failure("JDBC inbox", operation, table, cause), cause);
  }
}
