package dev.hookline.receiver.jdbc;

import static dev.hookline.receiver.internal.Millis.saturatedAdd;
import static dev.hookline.receiver.jdbc.JdbcSupport.commitIfManual;
import static dev.hookline.receiver.jdbc.JdbcSupport.insertOrIgnore;

import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.inbox.InboxMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * The writes of a {@link JdbcInbox}: storing an accepted event (the receiver's; shared among
 * concurrent accepts on PostgreSQL), and settling a leased message as succeeded, retried, dead or
 * handed back (the worker's), each only while the message's token holds the lease. Thread-safe.
 */
final class InboxWriter {

  /** The most accepts one shared insert carries. */
  static final int MAX_BATCH = 16;

  private final InboxTable table;
  private final long retentionMillis;

  /** On PostgreSQL, concurrent accepts' inserts, shared; else null (one insert each). */
  private final @Nullable GroupCommit<Row, Set<Row>> inserts;

  private final List<String> insertStatements;

  InboxWriter(InboxTable table, long retentionMillis) {
    this.table = table;
    this.retentionMillis = retentionMillis;
    boolean shared = table.dialect() == Dialect.POSTGRESQL;
    this.insertStatements =
        shared
            ? IntStream.rangeClosed(1, MAX_BATCH)
                .mapToObj(rows -> InboxSql.insertRows(table.name(), rows))
                .toList()
            : List.of();
    this.inserts = shared ? new GroupCommit<>(MAX_BATCH, this::insertRows) : null;
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
            stored.equals(key) ? null : InboxCodec.writeKey(key),
            InboxCodec.truncate(topic, JdbcInbox.MAX_TOPIC_LENGTH),
            InboxCodec.writeHeaders(request.headers().asMap()),
            request.body(),
            table.clock().millis(),
            orderingKey.map(JdbcIdempotencyStore::storedKey).orElse(null));
    GroupCommit<Row, Set<Row>> shared = inserts;
    try {
      if (shared != null && shared.write(row).contains(row)) {
        return true;
      }
    } catch (SQLException e) {
      throw table.failure("accept", e);
    }
    try (Connection connection = table.dataSource().getConnection()) {
      boolean manualCommit = !connection.getAutoCommit();
      // A shared insert has tried already, and found the key present.
      if (shared == null && insert(connection, manualCommit, row)) {
        return true;
      }
      // A done row older than the retention is an unknown key: delete it and store the event
      // anew, at the end of its entity's line. The insert is tried whatever the delete found: the
      // row may have gone meanwhile (purged, or deleted by a concurrent accept of the key, which
      // then races this one for the insert, and one of the two wins it).
      try (PreparedStatement statement = connection.prepareStatement(table.sql().deleteExpired())) {
        statement.setString(1, stored);
        statement.setLong(2, saturatedAdd(row.now(), -retentionMillis));
        statement.executeUpdate();
        if (manualCommit) {
          connection.commit();
        }
        return insert(connection, manualCommit, row);
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

  /**
   * Inserts a batch of accepts' rows in one statement, the first of each key only, in key order so
   * that concurrent batches lock rows in one order.
   *
   * @return the rows inserted (by identity)
   */
  private Set<Row> insertRows(List<Row> batch) throws SQLException {
    Map<String, Row> firsts = new TreeMap<>();
    for (Row row : batch) {
      firsts.putIfAbsent(row.key(), row);
    }
    List<Row> rows = new ArrayList<>(firsts.values());
    Set<Row> inserted = Collections.newSetFromMap(new IdentityHashMap<>());
    try (Connection connection = table.dataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement(insertStatements.get(rows.size() - 1))) {
      int index = 1;
      for (Row row : rows) {
        index = bind(statement, index, row);
      }
      try (ResultSet keys = statement.executeQuery()) {
        while (keys.next()) {
          inserted.add(Objects.requireNonNull(firsts.get(keys.getString(1))));
        }
      }
      commitIfManual(connection);
    }
    return inserted;
  }

  /** Sets a row's eight parameters from {@code index}; returns the next index. */
  private static int bind(PreparedStatement statement, int index, Row row) throws SQLException {
    statement.setString(index, row.key());
    statement.setString(index + 1, row.fullKey());
    statement.setString(index + 2, row.topic());
    statement.setString(index + 3, row.headers());
    statement.setBytes(index + 4, row.body());
    statement.setLong(index + 5, row.now());
    statement.setLong(index + 6, row.now());
    statement.setString(index + 7, row.orderingKey());
    return index + 8;
  }

  private boolean insert(Connection connection, boolean manualCommit, Row row) throws SQLException {
    return insertOrIgnore(
        connection,
        manualCommit,
        table.dialect(),
        table.sql().insert(),
        statement -> bind(statement, 1, row));
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
