package dev.hookline.receiver.jdbc;

import static dev.hookline.receiver.internal.Millis.saturatedAdd;
import static dev.hookline.receiver.jdbc.JdbcSupport.commitIfManual;
import static dev.hookline.receiver.jdbc.JdbcSupport.purgeInBatches;

import dev.hookline.receiver.inbox.InboxAdmin;
import dev.hookline.receiver.inbox.InboxMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The operator's queries on a {@link JdbcInbox}: its dead messages, requeueing one, the backlog and
 * dead counts, the health check and the purge of expired done rows. Thread-safe.
 */
final class InboxAdminQueries implements InboxAdmin {

  private final InboxTable table;
  private final long retentionMillis;
  private final int purgeBatchSize;

  InboxAdminQueries(InboxTable table, long retentionMillis, int purgeBatchSize) {
    this.table = table;
    this.retentionMillis = retentionMillis;
    this.purgeBatchSize = purgeBatchSize;
  }

  /** See {@link JdbcInbox#deadMessages}. */
  @Override
  public List<InboxMessage> deadMessages(int limit) {
    if (limit < 1) {
      return List.of();
    }
    try (Connection connection = table.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(table.sql().deadMessages())) {
      statement.setInt(1, limit);
      List<InboxMessage> dead = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          dead.add(InboxCodec.message(result, "", table.name()));
        }
      }
      commitIfManual(connection);
      return List.copyOf(dead);
    } catch (SQLException e) {
      throw table.failure("list dead messages", e);
    }
  }

  /** See {@link JdbcInbox#requeue}. */
  @Override
  public boolean requeue(String key) {
    Objects.requireNonNull(key, "key");
    try (Connection connection = table.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(table.sql().requeue())) {
      statement.setLong(1, table.clock().millis());
      statement.setString(2, JdbcIdempotencyStore.storedKey(key));
      int updated = statement.executeUpdate();
      commitIfManual(connection);
      return updated == 1;
    } catch (SQLException e) {
      throw table.failure("requeue", e);
    }
  }

  /** See {@link JdbcInbox#backlog}. */
  @Override
  public int backlog() {
    return count("count the backlog", table.sql().backlog());
  }

  /** See {@link JdbcInbox#deadCount}. */
  @Override
  public int deadCount() {
    return count("count dead messages", table.sql().deadCount());
  }

  private int count(String operation, String statementSql) {
    try (Connection connection = table.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(statementSql);
        ResultSet result = statement.executeQuery()) {
      result.next();
      long count = result.getLong(1);
      commitIfManual(connection);
      return (int) Math.min(Integer.MAX_VALUE, count);
    } catch (SQLException e) {
      throw table.failure(operation, e);
    }
  }

  /** See {@link JdbcInbox#check}. */
  void check() {
    try (Connection connection = table.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(table.sql().check());
        ResultSet result = statement.executeQuery()) {
      result.next();
      commitIfManual(connection);
    } catch (SQLException e) {
      throw table.failure("check", e);
    }
  }

  /** See {@link JdbcInbox#purgeExpired}. */
  long purgeExpired() {
    long oldestKept = saturatedAdd(table.clock().millis(), -retentionMillis);
    try {
      return purgeInBatches(
          table.dataSource(),
          table.sql().purge(),
          table.sql().purgeRechecks(),
          oldestKept,
          purgeBatchSize);
    } catch (SQLException e) {
      throw table.failure("purge", e);
    }
  }
}
