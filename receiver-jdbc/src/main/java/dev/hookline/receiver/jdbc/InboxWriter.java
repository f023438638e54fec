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
  boolean accept(String key, String topic, WebhookRequest request) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(request, "request");
    String stored = JdbcIdempotencyStore.storedKey(key);
    String fullKey = stored.equals(key) ? null : key;
    String storedTopic = InboxCodec.truncate(topic, JdbcInbox.MAX_TOPIC_LENGTH);
    String headers = InboxCodec.writeHeaders(request.headers().asMap());
    byte[] body = request.body();
    long now = table.clock().millis();
    try (Connection connection = table.dataSource().getConnection()) {
      boolean manualCommit = !connection.getAutoCommit();
      if (insert(connection, manualCommit, stored, fullKey, storedTopic, headers, body, now)) {
        return true;
      }
      try (PreparedStatement statement =
          connection.prepareStatement(table.sql().replaceExpired())) {
        statement.setString(1, fullKey);
        statement.setString(2, storedTopic);
        statement.setString(3, headers);
        statement.setBytes(4, body);
        statement.setLong(5, now);
        statement.setLong(6, now);
        statement.setString(7, stored);
        statement.setLong(8, saturatedAdd(now, -retentionMillis));
        int replaced = statement.executeUpdate();
        if (manualCommit) {
          connection.commit();
        }
        return replaced == 1;
      }
    } catch (SQLException e) {
      throw table.failure("accept", e);
    }
  }

  private boolean insert(
      Connection connection,
      boolean manualCommit,
      String key,
      @Nullable String fullKey,
      String topic,
      String headers,
      byte[] body,
      long now)
      throws SQLException {
    return insertOrIgnore(
        connection,
        manualCommit,
        table.dialect(),
        table.sql().insert(),
        statement -> {
          statement.setString(1, key);
          statement.setString(2, fullKey);
          statement.setString(3, topic);
          statement.setString(4, headers);
          statement.setBytes(5, body);
          statement.setLong(6, now);
          statement.setLong(7, now);
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
