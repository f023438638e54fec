package dev.hookline.receiver.jdbc;

import static dev.hookline.receiver.internal.Millis.saturatedAdd;
import static dev.hookline.receiver.jdbc.JdbcSupport.commitIfManual;
import static dev.hookline.receiver.jdbc.JdbcSupport.insertOrIgnore;

import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.inbox.InboxMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The single-row writes of a {@link JdbcInbox}: storing an accepted event (the receiver's), and
 * settling a leased message as succeeded, retried, dead or handed back (the worker's), each only
 * while the message's token holds the lease. Thread-safe.
 */
final class InboxWriter {

  private final InboxTable table;
  private final long retentionMillis;

  InboxWriter(InboxTable table, long retentionMillis) {
    this.table = table;
    this.retentionMillis = retentionMillis;
  }

  /** See {@link JdbcInbox#accept}. */
  boolean accept(String key, String topic, Optional<String> orderingKey, WebhookRequest request) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(orderingKey, "orderingKey");
    Objects.requireNonNull(request, "request");
    String stored = JdbcIdempotencyStore.storedKey(key);
    Row row =
        new Row(
            stored,
            stored.equals(key) ? null : key,
            InboxCodec.truncate(topic, JdbcInbox.MAX_TOPIC_LENGTH),
            InboxCodec.writeHeaders(request.headers().asMap()),
            request.body(),
            table.clock().millis(),
            orderingKey.map(JdbcIdempotencyStore::storedKey).orElse(null));
    try (Connection connection = table.dataSource().getConnection()) {
      boolean manualCommit = !connection.getAutoCommit();
      if (insert(connection, manualCommit, row)) {
        return true;
      }
      // A done row older than the retention is an unknown key: delete it and store the event
      // anew, at the end of its entity's line. A concurrent accept of the key may win the insert.
      try (PreparedStatement statement = connection.prepareStatement(table.sql().deleteExpired())) {
        statement.setString(1, stored);
        statement.setLong(2, saturatedAdd(row.now(), -retentionMillis));
        int deleted = statement.executeUpdate();
        if (manualCommit) {
          connection.commit();
        }
        return deleted == 1 && insert(connection, manualCommit, row);
      }
    } catch (SQLException e) {
      throw table.failure("accept", e);
    }
  }

  /** A new row's values. */
  private record Row(
      String key,
      @Nullable String fullKey,
      String topic,
      String headers,
      byte[] body,
      long now,
      @Nullable String orderingKey) {}

  private boolean insert(Connection connection, boolean manualCommit, Row row) throws SQLException {
    return insertOrIgnore(
        connection,
        manualCommit,
        table.dialect(),
        table.sql().insert(),
        statement -> {
          statement.setString(1, row.key());
          statement.setString(2, row.fullKey());
          statement.setString(3, row.topic());
          statement.setString(4, row.headers());
          statement.setBytes(5, row.body());
          statement.setLong(6, row.now());
          statement.setLong(7, row.now());
          statement.setString(8, row.orderingKey());
        });
  }

  /** See {@link JdbcInbox#succeeded}. */
  void succeeded(InboxMessage message) {
    settle("mark succeeded", table.sql().succeeded(), message, table.clock().millis());
  }

  /** See {@link JdbcInbox#retry}. */
  void retry(InboxMessage message, Instant nextAttemptAt, String error) {
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    settle(
        "retry",
        table.sql().retry(),
        message,
        nextAttemptAt.toEpochMilli(),
        InboxCodec.truncate(Objects.requireNonNull(error, "error"), JdbcInbox.MAX_ERROR_LENGTH));
  }

  /** See {@link JdbcInbox#dead}. */
  void dead(InboxMessage message, String error) {
    settle(
        "mark dead",
        table.sql().dead(),
        message,
        InboxCodec.truncate(Objects.requireNonNull(error, "error"), JdbcInbox.MAX_ERROR_LENGTH));
  }

  /** See {@link JdbcInbox#handBack}. */
  void handBack(InboxMessage message) {
    settle("hand back", table.sql().handBack(), message, table.clock().millis());
  }

  /** Runs one of the holder's updates: the given parameters, then key and token. */
  private void settle(
      String operation, String statementSql, InboxMessage message, Object... first) {
    Objects.requireNonNull(message, "message");
    try (Connection connection = table.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(statementSql)) {
      int index = 1;
      for (Object parameter : first) {
        if (parameter instanceof Long value) {
          statement.setLong(index++, value);
        } else {
          statement.setString(index++, (String) parameter);
        }
      }
      statement.setString(index++, JdbcIdempotencyStore.storedKey(message.key()));
      statement.setString(index, message.token());
      statement.executeUpdate();
      commitIfManual(connection);
    } catch (SQLException e) {
      throw table.failure(operation, e);
    }
  }
}
