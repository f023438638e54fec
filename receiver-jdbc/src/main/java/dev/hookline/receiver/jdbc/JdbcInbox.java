package dev.hookline.receiver.jdbc;

import dev.hookline.receiver.core.InboxException;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.inbox.Inbox;
import dev.hookline.receiver.inbox.InboxAdmin;
import dev.hookline.receiver.inbox.InboxMessage;
import dev.hookline.receiver.internal.Millis;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A durable inbox in one SQL table, shared by every receiver instance and every {@link
 * dev.hookline.receiver.InboxWorker} that uses the same database: PostgreSQL, MySQL 8 / MariaDB
 * 10.6+ or H2 (see {@link Dialect}). An accepted event survives a crash or restart; a crashed
 * worker's messages are taken again once their lease expires. An accept returns once its commit is
 * durable as the session's settings define it: keep PostgreSQL's {@code synchronous_commit} on (its
 * default) for the inbox's data source, or a crash of the database server could lose events already
 * answered.
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
 * key as given when the stored one is hashed, else null; a key holding a NUL or an unpaired
 * surrogate, which not every database keeps in text, as its UTF-16 code units in hex after {@code
 * hookline:utf16:}), {@code topic}, {@code headers} (JSON text), {@code body} (bytes), {@code
 * state} ({@code PENDING}, {@code TAKEN}, {@code DONE} or {@code DEAD}), {@code attempts}, {@code
 * next_attempt_at}, {@code lease_owner} (the taker's token), {@code lease_expiry}, {@code
 * last_error} (at most {@value #MAX_ERROR_LENGTH} characters), {@code created_at} and {@code
 * completed_at}, with an index on {@code (state, next_attempt_at, lease_expiry)} for taking and one
 * on {@code (state, completed_at)} for the purge. The DDL of each dialect ships in this jar as
 * {@code /dev/hookline/receiver/jdbc/inbox-postgresql.sql}, {@code inbox-mysql.sql} and {@code
 * inbox-h2.sql}; {@link Dialect#inboxDdl(String)} returns it for a given table name and {@link
 * Builder#createTable(boolean)} runs it at build. Times are epoch milliseconds (UTC) from the
 * inbox's {@link Clock}, as in {@link JdbcIdempotencyStore}, and keys are stored (hashed if need
 * be) the same way.
 *
 * <p><b>Statements.</b> A connection in manual-commit mode is committed after each step.
 *
 * <ul>
 *   <li>{@link #accept}: one insert-or-ignore statement stores the event and claims its key at once
 *       ({@code ON CONFLICT DO NOTHING}, {@code INSERT IGNORE}, or H2's duplicate-key error). A key
 *       already present is known, unless it was done before the retention: a conditional {@code
 *       DELETE} then removes it and the insert is tried again (whatever the delete found, since a
 *       purge may have removed the row meanwhile), so that the event is stored anew at the end of
 *       its entity's line. On PostgreSQL concurrent accepts share their insert, as the store's
 *       claims do (see {@link JdbcIdempotencyStore}): an accept queues its row; if no insert of
 *       accepts is running, it takes everything queued (at most 16 rows, the first of each key, in
 *       key order) into one multi-row insert that returns the keys it stored, committed on its own;
 *       each accept returns once that insert committed, stored if its own row was returned, else it
 *       goes on alone as above. Accepts in one insert were concurrent, so their order, and that of
 *       their messages of one entity, is the keys'.
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
 *
 * <p>It is both the receiver's and worker's {@link Inbox} and the operator's {@link InboxAdmin}
 * (dead messages, requeue, counts).
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

  private final InboxTable table;
  private final Duration retention;
  private final InboxWriter writer;
  private final InboxTaker taker;
  private final InboxAdminQueries admin;

  private JdbcInbox(Builder builder, Dialect dialect, TableName name) {
    this.table = new InboxTable(builder.dataSource(), dialect, name, builder.clock());
    this.retention = builder.retention();
    long retentionMillis = Millis.of(builder.retention());
    this.writer = new InboxWriter(table, retentionMillis);
    this.taker = new InboxTaker(table);
    this.admin = new InboxAdminQueries(table, retentionMillis, builder.purgeBatchSize());
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
  public boolean accept(
      String key, String topic, Optional<String> orderingKey, WebhookRequest request) {
    return writer.accept(key, topic, orderingKey, request);
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
    return taker.take(max, lease);
  }

  /**
   * Marks the message done, if its token still holds the lease; its key stays known for the
   * retention.
   *
   * @throws InboxException if the database fails or cannot be reached
   */
  @Override
  public void succeeded(InboxMessage message) {
    writer.succeeded(message);
  }

  /**
   * Counts a failed attempt and makes the message due at the given time, if its token still holds
   * the lease. The error is kept, cut to {@value #MAX_ERROR_LENGTH} characters.
   *
   * @throws InboxException if the database fails or cannot be reached
   */
  @Override
  public void retry(InboxMessage message, Instant nextAttemptAt, String error) {
    writer.retry(message, nextAttemptAt, error);
  }

  /**
   * Counts the last failed attempt and marks the message dead, if its token still holds the lease.
   *
   * @throws InboxException if the database fails or cannot be reached
   */
  @Override
  public void dead(InboxMessage message, String error) {
    writer.dead(message, error);
  }

  /**
   * Makes the message due now without counting an attempt, if its token still holds the lease.
   *
   * @throws InboxException if the database fails or cannot be reached
   */
  @Override
  public void handBack(InboxMessage message) {
    writer.handBack(message);
  }

  /**
   * Dead messages, oldest accepted first, at most {@code limit}; their token is empty.
   *
   * @throws InboxException if the database fails or cannot be reached
   */
  @Override
  public List<InboxMessage> deadMessages(int limit) {
    return admin.deadMessages(limit);
  }

  /**
   * Makes a dead message due now with its attempts reset; its last error is kept.
   *
   * @return false if no dead message has the key
   * @throws InboxException if the database fails or cannot be reached
   */
  @Override
  public boolean requeue(String key) {
    return admin.requeue(key);
  }

  /**
   * How many messages are pending or taken.
   *
   * @throws InboxException if the database fails or cannot be reached
   */
  @Override
  public int backlog() {
    return admin.backlog();
  }

  /**
   * How many messages are dead.
   *
   * @throws InboxException if the database fails or cannot be reached
   */
  @Override
  public int deadCount() {
    return admin.deadCount();
  }

  /**
   * Queries the table without reading a row, for health indicators.
   *
   * @throws InboxException if the database cannot be reached or the table is missing
   */
  public void check() {
    admin.check();
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
    return admin.purgeExpired();
  }

  @Override
  public String toString() {
    return "JdbcInbox[dialect="
        + table.dialect()
        + ", table="
        + table.name().qualified()
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
      if (retention().isNegative() || Millis.of(retention()) == 0) {
        throw new WebhookConfigurationException(
            "retention must be at least 1 millisecond, but was " + retention());
      }
      Dialect chosen = prepare(table, Dialect::inboxDdl, InboxTable::failure);
      return new JdbcInbox(this, chosen, table);
    }
  }
}
