package dev.hookline.receiver.jdbc;

import dev.hookline.receiver.core.WebhookConfigurationException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * What the JDBC store and inbox share: dialect detection, table creation, insert-or-ignore, batched
 * purges, time arithmetic.
 */
final class JdbcSupport {

  /** SQLState of a unique-constraint violation. */
  private static final String UNIQUE_VIOLATION = "23505";

  private JdbcSupport() {}

  /**
   * The dialect of the database behind the data source.
   *
   * @throws WebhookConfigurationException if the database is none of the dialects
   */
  static Dialect detect(
      DataSource dataSource, Function<SQLException, RuntimeException> unreachable) {
    String product;
    try (Connection connection = dataSource.getConnection()) {
      product = connection.getMetaData().getDatabaseProductName();
    } catch (SQLException e) {
      throw unreachable.apply(e);
    }
    return Dialect.ofProductName(product)
        .orElseThrow(
            () ->
                new WebhookConfigurationException(
                    "database \""
                        + product
                        + "\" is not supported; choose a dialect explicitly among "
                        + Arrays.toString(Dialect.values())));
  }

  /** Runs the DDL statements, committing each on a manual-commit connection. */
  static void createTable(
      DataSource dataSource,
      TableName table,
      List<String> ddl,
      Function<SQLException, RuntimeException> failed) {
    try (Connection connection = dataSource.getConnection()) {
      boolean manualCommit = !connection.getAutoCommit();
      for (String statementText : ddl) {
        try (PreparedStatement statement = connection.prepareStatement(statementText)) {
          statement.execute();
        }
        if (manualCommit) {
          connection.commit();
        }
      }
    } catch (SQLException e) {
      // Instances starting together may race on CREATE … IF NOT EXISTS (PostgreSQL can then
      // report a duplicate type): the table exists, which is all that was asked.
      if (!tableExists(dataSource, table)) {
        throw failed.apply(e);
      }
    }
  }

  private static boolean tableExists(DataSource dataSource, TableName table) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(Sql.check(table));
        ResultSet result = statement.executeQuery()) {
      result.next();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** Rolls back after a failure; a failed rollback is added to the failure, not thrown. */
  static void rollbackQuietly(Connection connection, Throwable failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  static void commitIfManual(Connection connection) throws SQLException {
    if (!connection.getAutoCommit()) {
      connection.commit();
    }
  }

  /** Sets the parameters of a statement. */
  @FunctionalInterface
  interface Parameters {
    void set(PreparedStatement statement) throws SQLException;
  }

  /**
   * Runs an insert that leaves an existing row alone, committing on a connection that does not
   * auto-commit. H2 has no insert-or-ignore in every mode, so there its duplicate-key error is the
   * conflict, rolled back.
   *
   * @return whether a row was inserted
   */
  static boolean insertOrIgnore(
      Connection connection,
      boolean manualCommit,
      Dialect dialect,
      String insert,
      Parameters parameters)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(insert)) {
      parameters.set(statement);
      int inserted = statement.executeUpdate();
      if (manualCommit) {
        connection.commit();
      }
      return inserted == 1;
    } catch (SQLException e) {
      if (dialect == Dialect.H2 && UNIQUE_VIOLATION.equals(e.getSQLState())) {
        if (manualCommit) {
          connection.rollback();
        }
        return false;
      }
      throw e;
    }
  }

  /**
   * Runs a purge statement (parameters: oldest kept, batch size, and the oldest kept again when the
   * statement rechecks it) until a batch deletes fewer rows than the batch size, committing each
   * batch on a connection that does not auto-commit.
   *
   * @return the number of rows deleted
   */
  static long purgeInBatches(
      DataSource dataSource, String purge, boolean rechecks, long oldestKept, int batchSize)
      throws SQLException {
    long total = 0;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(purge)) {
      int deleted;
      do {
        statement.setLong(1, oldestKept);
        statement.setInt(2, batchSize);
        if (rechecks) {
          statement.setLong(3, oldestKept);
        }
        deleted = statement.executeUpdate();
        commitIfManual(connection);
        total += deleted;
      } while (deleted >= batchSize);
      return total;
    }
  }

  /**
   * The message of a store failure: what failed, the operation, the table and the SQLState; the
   * driver's message stays in the cause. No key: the callers' log lines name the event already.
   */
  static String failure(String what, String operation, TableName table, SQLException cause) {
    return what
        + " failed to "
        + operation
        + " (table "
        + table.qualified()
        + (cause.getSQLState() == null ? "" : ", SQLState " + cause.getSQLState())
        + ")";
  }
}
