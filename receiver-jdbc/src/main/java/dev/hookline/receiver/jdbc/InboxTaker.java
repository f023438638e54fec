package dev.hookline.receiver.jdbc;

import static dev.hookline.receiver.internal.Millis.saturatedAdd;
import static dev.hookline.receiver.jdbc.JdbcSupport.commitIfManual;
import static dev.hookline.receiver.jdbc.JdbcSupport.rollbackQuietly;

import dev.hookline.receiver.inbox.InboxMessage;
import dev.hookline.receiver.internal.Millis;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * How a {@link JdbcInbox} leases due messages, one way per dialect: PostgreSQL in one {@code UPDATE
 * … RETURNING} over keys picked with {@code FOR UPDATE SKIP LOCKED}, MySQL/MariaDB by locking a
 * batch with {@code SELECT … FOR UPDATE SKIP LOCKED} in a short {@code READ COMMITTED} transaction,
 * H2 by a conditional {@code UPDATE} per candidate that only the first taker wins. Thread-safe.
 */
final class InboxTaker {

  /** H2 candidates read per message asked for, so that takers racing for the oldest find more. */
  private static final int CANDIDATES_PER_MESSAGE = 4;

  private static final int MAX_CANDIDATES = 256;

  private final InboxTable table;

  InboxTaker(InboxTable table) {
    this.table = table;
  }

  /** See {@link JdbcInbox#take}. */
  List<InboxMessage> take(int max, Duration lease) {
    Objects.requireNonNull(lease, "lease");
    if (max < 1) {
      return List.of();
    }
    String token = UUID.randomUUID().toString();
    long now = table.clock().millis();
    long expiry = saturatedAdd(now, Millis.of(lease));
    try (Connection connection = table.dataSource().getConnection()) {
      return switch (table.dialect()) {
        case POSTGRESQL -> takeReturning(connection, max, token, now, expiry);
        case MYSQL -> takeLocked(connection, max, token, now, expiry);
        case H2 -> takeConditionally(connection, max, token, now, expiry);
      };
    } catch (SQLException e) {
      throw table.failure("take", e);
    }
  }

  private List<InboxMessage> takeReturning(
      Connection connection, int max, String token, long now, long expiry) throws SQLException {
    List<InboxMessage> taken = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(table.sql().takeReturning())) {
      statement.setString(1, token);
      statement.setLong(2, expiry);
      statement.setLong(3, now);
      statement.setLong(4, now);
      statement.setInt(5, max);
      statement.setLong(6, now);
      statement.setLong(7, now);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          taken.add(InboxCodec.message(result, token, table.name()));
        }
      }
      commitIfManual(connection);
    }
    return taken;
  }

  private List<InboxMessage> takeLocked(
      Connection connection, int max, String token, long now, long expiry) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    int isolation = connection.getTransactionIsolation();
    // READ COMMITTED: InnoDB then takes no gap locks, so concurrent accepts are not blocked.
    connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    connection.setAutoCommit(false);
    try {
      List<InboxMessage> locked = new ArrayList<>();
      try (PreparedStatement statement = connection.prepareStatement(table.sql().lockDue())) {
        statement.setLong(1, now);
        statement.setLong(2, now);
        statement.setInt(3, max);
        try (ResultSet result = statement.executeQuery()) {
          while (result.next()) {
            locked.add(InboxCodec.message(result, token, table.name()));
          }
        }
      }
      List<InboxMessage> taken = new ArrayList<>(locked.size());
      if (!locked.isEmpty()) {
        try (PreparedStatement statement = connection.prepareStatement(table.sql().takeOne())) {
          for (InboxMessage message : locked) {
            bindTakeOne(statement, token, expiry, JdbcIdempotencyStore.storedKey(message.key()));
            statement.setLong(4, now);
            statement.setLong(5, now);
            statement.addBatch();
          }
          int[] counts = statement.executeBatch();
          for (int i = 0; i < locked.size(); i++) {
            // The rows are locked by this transaction, so each update succeeds; checked anyway.
            if (i < counts.length && counts[i] != 0) {
              taken.add(locked.get(i));
            }
          }
        }
      }
      connection.commit();
      return taken;
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(connection, e);
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
      connection.setTransactionIsolation(isolation);
    }
  }

  private List<InboxMessage> takeConditionally(
      Connection connection, int max, String token, long now, long expiry) throws SQLException {
    boolean manualCommit = !connection.getAutoCommit();
    List<String> candidates = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(table.sql().candidates())) {
      statement.setLong(1, now);
      statement.setLong(2, now);
      statement.setInt(3, Math.min(MAX_CANDIDATES, Math.max(max, max * CANDIDATES_PER_MESSAGE)));
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          candidates.add(result.getString(1));
        }
      }
      if (manualCommit) {
        connection.commit();
      }
    }
    List<InboxMessage> taken = new ArrayList<>();
    try (PreparedStatement update = connection.prepareStatement(table.sql().takeOne());
        PreparedStatement read = connection.prepareStatement(table.sql().readTaken())) {
      for (String key : candidates) {
        if (taken.size() >= max) {
          break;
        }
        bindTakeOne(update, token, expiry, key);
        update.setLong(4, now);
        update.setLong(5, now);
        // The condition is evaluated on the row as it is when locked: of concurrent takers, only
        // the first sees it due and counts an update.
        int won = update.executeUpdate();
        if (manualCommit) {
          connection.commit();
        }
        if (won == 1) {
          read.setString(1, key);
          read.setString(2, token);
          try (ResultSet result = read.executeQuery()) {
            if (result.next()) {
              taken.add(InboxCodec.message(result, token, table.name()));
            }
          }
          if (manualCommit) {
            connection.commit();
          }
        }
      }
    }
    return taken;
  }

  private static void bindTakeOne(
      PreparedStatement statement, String token, long expiry, String key) throws SQLException {
    statement.setString(1, token);
    statement.setLong(2, expiry);
    statement.setString(3, key);
  }
}
