package dev.hookline.receiver.jdbc;

import static dev.hookline.receiver.jdbc.JdbcSupport.commitIfManual;
import static dev.hookline.receiver.jdbc.JdbcSupport.insertOrIgnore;
import static dev.hookline.receiver.jdbc.JdbcSupport.millis;
import static dev.hookline.receiver.jdbc.JdbcSupport.purgeInBatches;
import static dev.hookline.receiver.jdbc.JdbcSupport.saturatedAdd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.WebhookConfigurationException;
import dev.hookline.receiver.WebhookRequest;
import dev.hookline.receiver.inbox.Inbox;
import dev.hookline.receiver.inbox.InboxAdmin;
import dev.hookline.receiver.inbox.InboxException;
import dev.hookline.receiver.inbox.InboxMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A durable {@link Inbox} in one SQL table, shared by every receiver instance and every {@link
 * dev.hookline.receiver.inbox.InboxWorker} that uses the same database: PostgreSQL, MySQL 8 /
 * MariaDB 10.6+ or H2 (see {@link Dialect}). An accepted event survives a crash or restart; a
 * crashed worker's messages are taken again once their lease expires.
 *
 * <pre>{@code
 * JdbcInbox inbox = JdbcInbox.builder(dataSource)
 *     .dialect(Dialect.POSTGRESQL)   // or detected from the connection
 *     .tableName("hookline_inbox")   // the default
 *     .createTable(true)             // opt-in; otherwise run the DDL yourself
 *     .build();
 * WebhookReceiver receiver = Lucca.receiver(secret).async(inbox).on(...).build();
 * InboxWorker worker = InboxWorker.builder(receiver).build().start();
 * // and on a schedule, e.g. hourly:
 * inbox.purgeExpired();
 * }</pre>
 *
 * <p><b>Table.</b> One row per key: {@code idempotency_key} (primary key), {@code full_key} (the
 * key as given when the stored one is hashed, else null), {@code topic}, {@code headers} (JSON
 * text), {@code body} (bytes), {@code state} ({@code PENDING}, {@code TAKEN}, {@code DONE} or
 * {@code DEAD}), {@code attempts}, {@code next_attempt_at}, {@code lease_owner} (the taker's
 * token), {@code lease_expiry}, {@code last_error} (at most {@value #MAX_ERROR_LENGTH} characters),
 * {@code created_at} and {@code completed_at}, with an index on {@code (state, next_attempt_at,
 * lease_expiry)} for taking and one on {@code (state, completed_at)} for the purge. The DDL of each
 * dialect ships in this jar as {@code /dev/hookline/receiver/jdbc/inbox-postgresql.sql}, {@code
 * inbox-mysql.sql} and {@code inbox-h2.sql}; {@link Dialect#inboxDdl(String)} returns it for a
 * given table name and {@link Builder#createTable(boolean)} runs it at build. Times are epoch
 * milliseconds (UTC) from the inbox's {@link Clock}, as in {@link JdbcIdempotencyStore}, and keys
 * are stored (hashed if need be) the same way.
 *
 * <p><b>Statements.</b> A connection in manual-commit mode is committed after each step.
 *
 * <ul>
 *   <li>{@link #accept}: one insert-or-ignore statement stores the event and claims its key at once
 *       ({@code ON CONFLICT DO NOTHING}, {@code INSERT IGNORE}, or H2's duplicate-key error). A key
 *       already present is known, unless it was done before the retention: one conditional {@code
 *       UPDATE} then stores the new event over it.
 *   <li>{@link #take}: rows are leased to one taker at a time, whoever shares the table. PostgreSQL
 *       leases a batch in one {@code UPDATE … RETURNING} over keys picked with {@code FOR UPDATE
 *       SKIP LOCKED}; MySQL/MariaDB locks a batch with {@code SELECT … FOR UPDATE SKIP LOCKED} and
 *       leases it in one short {@code READ COMMITTED} transaction; H2 reads candidate keys and
 *       leases each with a conditional {@code UPDATE} that only the first taker wins.
 *   <li>{@link #succeeded}, {@link #retry}, {@link #dead}, {@link #handBack}: one {@code UPDATE}
 *       each, only while the message's token still holds the lease; a taker whose lease expired and
 *       was taken over changes nothing.
 *   <li>{@link #purgeExpired}: deletes done rows older than the retention in batches of {@link
 *       Builder#purgeBatchSize(int)}; call it on a schedule.
 * </ul>
 *
 * <p><b>Failures.</b> Every {@link SQLException} becomes an {@link InboxException} naming the
 * operation and the table and keeping the cause; the receiver answers such an accept with 503.
 * Thread-safe; immutable once built.
 */
public final class JdbcInbox implements Inbox, InboxAdmin {

  /** Default table name: {@value}. */
  public static final String DEFAULT_TABLE_NAME = "hookline_inbox";

  /** Default retention of done keys: 7 days. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  /** The longest last error kept, in characters; longer ones are cut. */
  public static final int MAX_ERROR_LENGTH = 2000;

  /** The longest topic kept, in characters; topics are for listings, the body is the event. */
  static final int MAX_TOPIC_LENGTH = 512;

  /** H2 candidates read per message asked for, so that takers racing for the oldest find more. */
  private static final int CANDIDATES_PER_MESSAGE = 4;

  private static final int MAX_CANDIDATES = 256;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static final TypeReference<Map<String, List<String>>> HEADERS = new TypeReference<>() {};

  private final DataSource dataSource;
  private final Dialect dialect;
  private final TableName table;
  private final Duration retention;
  private final long retentionMillis;
  private final Clock clock;
  private final int purgeBatchSize;
  private final InboxSql sql;

  private JdbcInbox(Builder builder, Dialect dialect, TableName table) {
    this.dataSource = builder.dataSource();
    this.dialect = dialect;
    this.table = table;
    this.retention = builder.retention();
    this.retentionMillis = millis(builder.retention());
    this.clock = builder.clock();
    this.purgeBatchSize = builder.purgeBatchSize();
    this.sql = InboxSql.of(dialect, table);
  }

  /** Starts a builder over the data source the inbox takes a connection from for each operation. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * Stores the event, due now, unless its key is known: pending, taken, dead, or done within the
   * retention.
   *
   * @return true if stored now, false if the key was already accepted
   * @throws InboxException if the database fails or cannot be reached
   */
  @Override
  public boolean accept(String key, String topic, WebhookRequest request) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(request, "request");
    String stored = JdbcIdempotencyStore.storedKey(key);
    String fullKey = stored.equals(key) ? null : key;
    String storedTopic = truncate(topic, MAX_TOPIC_LENGTH);
    String headers = writeHeaders(request.headers().asMap());
    byte[] body = request.body();
    long now = clock.millis();
    try (Connection connection = dataSource.getConnection()) {
      boolean manualCommit = !connection.getAutoCommit();
      if (insert(connection, manualCommit, stored, fullKey, storedTopic, headers, body, now)) {
        return true;
      }
      try (PreparedStatement statement = connection.prepareStatement(sql.replaceExpired())) {
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
      throw failure("accept", e);
    }
  }

  private boolean insert(
      Connection connection,
      boolean manualCommit,
      String key,
      String fullKey,
      String topic,
      String headers,
      byte[] body,
      long now)
      throws SQLException {
    return insertOrIgnore(
        connection,
        manualCommit,
        dialect,
        sql.insert(),
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

  /**
   * Leases up to {@code max} due messages to the caller under a fresh token: pending ones whose
   * next attempt has come and taken ones whose lease expired, roughly oldest first. No other caller
   * sharing the table is given the same message until the lease expires. Returns an empty list when
   * {@code max} is not positive.
   *
   * @throws InboxException if the database fails or cannot be reached
   */
  @Override
  public List<InboxMessage> take(int max, Duration lease) {
    Objects.requireNonNull(lease, "lease");
    if (max < 1) {
      return List.of();
    }
    String token = UUID.randomUUID().toString();
    long now = clock.millis();
    long expiry = saturatedAdd(now, millis(lease));
    try (Connection connection = dataSource.getConnection()) {
      return switch (dialect) {
        case POSTGRESQL -> takeReturning(connection, max, token, now, expiry);
        case MYSQL -> takeLocked(connection, max, token, now, expiry);
        case H2 -> takeConditionally(connection, max, token, now, expiry);
      };
    } catch (SQLException e) {
      throw failure("take", e);
    }
  }

  private List<InboxMessage> takeReturning(
      Connection connection, int max, String token, long now, long expiry) throws SQLException {
    List<InboxMessage> taken = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql.takeReturning())) {
      statement.setString(1, token);
      statement.setLong(2, expiry);
      statement.setLong(3, now);
      statement.setLong(4, now);
      statement.setInt(5, max);
      statement.setLong(6, now);
      statement.setLong(7, now);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          taken.add(message(result, token));
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
      try (PreparedStatement statement = connection.prepareStatement(sql.lockDue())) {
        statement.setLong(1, now);
        statement.setLong(2, now);
        statement.setInt(3, max);
        try (ResultSet result = statement.executeQuery()) {
          while (result.next()) {
            locked.add(message(result, token));
          }
        }
      }
      List<InboxMessage> taken = new ArrayList<>(locked.size());
      if (!locked.isEmpty()) {
        try (PreparedStatement statement = connection.prepareStatement(sql.takeOne())) {
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
    try (PreparedStatement statement = connection.prepareStatement(sql.candidates())) {
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
    try (PreparedStatement update = connection.prepareStatement(sql.takeOne());
        PreparedStatement read = connection.prepareStatement(sql.readTaken())) {
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
              taken.add(message(result, token));
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

  /**
   * Marks the message done, if its token still holds the lease; its key stays known for the
   * retention.
   *
   * @throws InboxException if the database fails or cannot be reached
   */
  @Override
  public void succeeded(InboxMessage message) {
    settle("mark succeeded", sql.succeeded(), message, clock.millis());
  }

  /**
   * Counts a failed attempt and makes the message due at the given time, if its token still holds
   * the lease. The error is kept, cut to {@value #MAX_ERROR_LENGTH} characters.
   *
   * @throws InboxException if the database fails or cannot be reached
   */
  @Override
  public void retry(InboxMessage message, Instant nextAttemptAt, String error) {
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    settle(
        "retry",
        sql.retry(),
        message,
        nextAttemptAt.toEpochMilli(),
        truncate(Objects.requireNonNull(error, "error"), MAX_ERROR_LENGTH));
  }

  /**
   * Counts the last failed attempt and marks the message dead, if its token still holds the lease.
   *
   * @throws InboxException if the database fails or cannot be reached
   */
  @Override
  public void dead(InboxMessage message, String error) {
    settle(
        "mark dead",
        sql.dead(),
        message,
        truncate(Objects.requireNonNull(error, "error"), MAX_ERROR_LENGTH));
  }

  /**
   * Makes the message due now without counting an attempt, if its token still holds the lease.
   *
   * @throws InboxException if the database fails or cannot be reached
   */
  @Override
  public void handBack(InboxMessage message) {
    settle("hand back", sql.handBack(), message, clock.millis());
  }

  /** Runs one of the holder's updates: the given parameters, then key and token. */
  private void settle(
      String operation, String statementSql, InboxMessage message, Object... first) {
    Objects.requireNonNull(message, "message");
    try (Connection connection = dataSource.getConnection();
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
      throw failure(operation, e);
    }
  }

  /**
   * Dead messages, oldest accepted first, at most {@code limit}; their token is empty.
   *
   * @throws InboxException if the database fails or cannot be reached
   */
  @Override
  public List<InboxMessage> deadMessages(int limit) {
    if (limit < 1) {
      return List.of();
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql.deadMessages())) {
      statement.setInt(1, limit);
      List<InboxMessage> dead = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          dead.add(message(result, ""));
        }
      }
      commitIfManual(connection);
      return List.copyOf(dead);
    } catch (SQLException e) {
      throw failure("list dead messages", e);
    }
  }

  /**
   * Makes a dead message due now with its attempts reset; its last error is kept.
   *
   * @return false if no dead message has the key
   * @throws InboxException if the database fails or cannot be reached
   */
  @Override
  public boolean requeue(String key) {
    Objects.requireNonNull(key, "key");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql.requeue())) {
      statement.setLong(1, clock.millis());
      statement.setString(2, JdbcIdempotencyStore.storedKey(key));
      int updated = statement.executeUpdate();
      commitIfManual(connection);
      return updated == 1;
    } catch (SQLException e) {
      throw failure("requeue", e);
    }
  }

  /**
   * How many messages are pending or taken.
   *
   * @throws InboxException if the database fails or cannot be reached
   */
  @Override
  public int backlog() {
    return count("count the backlog", sql.backlog());
  }

  /**
   * How many messages are dead.
   *
   * @throws InboxException if the database fails or cannot be reached
   */
  @Override
  public int deadCount() {
    return count("count dead messages", sql.deadCount());
  }

  private int count(String operation, String statementSql) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(statementSql);
        ResultSet result = statement.executeQuery()) {
      result.next();
      long count = result.getLong(1);
      commitIfManual(connection);
      return (int) Math.min(Integer.MAX_VALUE, count);
    } catch (SQLException e) {
      throw failure(operation, e);
    }
  }

  /**
   * Queries the table without reading a row, for health indicators.
   *
   * @throws InboxException if the database cannot be reached or the table is missing
   */
  public void check() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql.check());
        ResultSet result = statement.executeQuery()) {
      result.next();
      commitIfManual(connection);
    } catch (SQLException e) {
      throw failure("check", e);
    }
  }

  /**
   * Deletes the messages done before now minus the retention, in batches of the purge batch size,
   * until a batch deletes fewer rows. Pending, taken and dead messages are never deleted. Safe to
   * run from several instances at once.
   *
   * @return the number of rows deleted
   * @throws InboxException if the database fails or cannot be reached
   */
  public long purgeExpired() {
    long oldestKept = saturatedAdd(clock.millis(), -retentionMillis);
    try {
      return purgeInBatches(
          dataSource, sql.purge(), sql.purgeRechecks(), oldestKept, purgeBatchSize);
    } catch (SQLException e) {
      throw failure("purge", e);
    }
  }

  /** Reads a row selected with {@link InboxSql#MESSAGE_COLUMNS}. */
  private InboxMessage message(ResultSet result, String token) throws SQLException {
    String fullKey = result.getString(2);
    String headers = result.getString(4);
    byte[] body = result.getBytes(5);
    return new InboxMessage(
        fullKey != null ? fullKey : result.getString(1),
        result.getString(3),
        readHeaders(headers),
        body == null ? new byte[0] : body,
        result.getInt(6),
        Instant.ofEpochMilli(result.getLong(7)),
        Optional.ofNullable(result.getString(8)),
        token);
  }

  private static String writeHeaders(Map<String, List<String>> headers) {
    try {
      return MAPPER.writeValueAsString(headers);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("headers are strings and always serialise", e);
    }
  }

  private Map<String, List<String>> readHeaders(String json) {
    try {
      return MAPPER.readValue(json, HEADERS);
    } catch (JsonProcessingException e) {
      throw new InboxException(
          "JDBC inbox holds headers that are not a JSON object of string lists (table "
              + table.qualified()
              + ")",
          e);
    }
  }

  /**
   * At most {@code max} characters, never ending in half a surrogate pair, and without NUL, which
   * PostgreSQL refuses in text: an error message must never make its own recording fail.
   */
  static String truncate(String text, int max) {
    String cut = text;
    if (text.length() > max) {
      cut = text.substring(0, Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max);
    }
    return cut.replace('\u0000', '\uFFFD');
  }

  private static void rollbackQuietly(Connection connection, Exception failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * Names the operation, the table and the SQLState; the driver's message stays in the cause. No
   * key: the receiver's and the worker's log lines name the message already.
   */
  private InboxException failure(String operation, SQLException cause) {
    return failure(operation, table, cause);
  }

  private static InboxException failure(String operation, TableName table, SQLException cause) {
    return new InboxException(
        "JDBC inbox failed to "
            + operation
            + " (table "
            + table.qualified()
            + (cause.getSQLState() == null ? "" : ", SQLState " + cause.getSQLState())
            + ")",
        cause);
  }

  @Override
  public String toString() {
    return "JdbcInbox[dialect="
        + dialect
        + ", table="
        + table.qualified()
        + ", retention="
        + retention
        + "]";
  }

  /** Configures a {@link JdbcInbox}; not thread-safe. */
  public static final class Builder extends JdbcTableBuilder<Builder> {

    private Builder(DataSource dataSource) {
      super(dataSource, DEFAULT_TABLE_NAME, DEFAULT_RETENTION);
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * Validates the configuration, detects the dialect and creates the table if so configured, and
     * returns the inbox. Without those two steps it does not connect.
     *
     * @throws WebhookConfigurationException if the table name is not a plain identifier, the
     *     retention is shorter than a millisecond, the batch size is not positive, or the detected
     *     database is none of the dialects
     * @throws InboxException if the database cannot be reached to detect the dialect or create the
     *     table
     */
    public JdbcInbox build() {
      TableName table = table();
      if (retention().isNegative() || millis(retention()) == 0) {
        throw new WebhookConfigurationException(
            "retention must be at least 1 millisecond, but was " + retention());
      }
      Dialect chosen = prepare(table, Dialect::inboxDdl, JdbcInbox::failure);
      return new JdbcInbox(this, chosen, table);
    }
  }
}
