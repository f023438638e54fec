package dev.hookline.receiver.jdbc;

import static dev.hookline.receiver.internal.Millis.saturatedAdd;
import static dev.hookline.receiver.jdbc.JdbcSupport.commitIfManual;
import static dev.hookline.receiver.jdbc.JdbcSupport.insertOrIgnore;
import static dev.hookline.receiver.jdbc.JdbcSupport.purgeInBatches;

import dev.hookline.receiver.core.IdempotencyStoreException;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.dispatch.EventHandler;
import dev.hookline.receiver.dispatch.WebhookHandler;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.idempotency.Claim;
import dev.hookline.receiver.idempotency.Claim.ClaimStatus;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.internal.Millis;
import dev.hookline.receiver.internal.Utf16;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * An {@link IdempotencyStore} in one SQL table, shared by every receiver instance that uses the
 * same database: PostgreSQL, MySQL/MariaDB or H2 (see {@link Dialect}).
 *
 * <pre>{@code
 * JdbcIdempotencyStore store = JdbcIdempotencyStore.builder(dataSource)
 *     .dialect(Dialect.POSTGRESQL)        // or detected from the connection
 *     .tableName("hookline_idempotency")  // the default
 *     .createTable(true)                  // opt-in; otherwise run the DDL yourself
 *     .build();
 * WebhookReceiver receiver = Lucca.receiver(secret).idempotencyStore(store).on(...).build();
 * // and on a schedule, e.g. hourly:
 * store.purgeExpired();
 * }</pre>
 *
 * <p><b>Table.</b> One row per key: {@code idempotency_key} (primary key), {@code state} ({@code
 * IN_FLIGHT} or {@code DONE}), {@code lease_owner} (the claim's token), {@code lease_expiry},
 * {@code completed_at} and {@code created_at}, with an index on {@code (state, completed_at)} for
 * the purge. The DDL of each dialect ships in this jar as {@code
 * /dev/hookline/receiver/jdbc/postgresql.sql}, {@code mysql.sql} and {@code h2.sql}; {@link
 * Dialect#ddl(String)} returns it for a given table name, ready for a migration tool, and {@link
 * Builder#createTable(boolean)} runs it ({@code CREATE … IF NOT EXISTS}) at build. Times are epoch
 * milliseconds (UTC) from the store's {@link Clock}, bound as parameters: comparisons are exact and
 * free of time zones on every database, and tests can move time. To read them, use e.g. {@code
 * to_timestamp(completed_at / 1000.0)} (PostgreSQL) or {@code FROM_UNIXTIME(completed_at / 1000)}
 * (MySQL).
 *
 * <p><b>Statements.</b> Every statement runs on its own and is atomic; a connection in
 * manual-commit mode is committed after each. Give the store a {@link DataSource} (ideally pooled)
 * whose connections are not enlisted in application transactions.
 *
 * <ul>
 *   <li>{@link #claim}: inserts the key in flight, ignoring a duplicate — one statement for a new
 *       delivery, shared by concurrent claims on PostgreSQL and MySQL/MariaDB (see below). If the
 *       key exists, one conditional {@code UPDATE} takes over an expired lease or a done key older
 *       than the retention; failing that, a {@code SELECT} tells {@code DONE} from {@code
 *       IN_FLIGHT}.
 *   <li>{@link #complete}: an {@code UPDATE} to {@code DONE}, only while the claim's token holds
 *       the lease, shared by concurrent completions; {@link #release}: one {@code DELETE} under the
 *       same condition (a failed handler's path, not the hot one). A holder whose lease was taken
 *       over changes nothing (on PostgreSQL, if the new holder released the key, the key is
 *       recorded done: the old holder's handler has run).
 *   <li>{@link #purgeExpired}: deletes done keys older than the retention in batches of {@link
 *       Builder#purgeBatchSize(int)} rows, one short statement each, so no table-wide lock is held.
 *       Call it on a schedule; claims treat such keys as absent whether purged or not.
 * </ul>
 *
 * <p><b>Group commit.</b> Under load, concurrent calls share statements, so that a delivery costs a
 * fraction of a round trip and of a commit. A caller queues its key; if no statement of its kind
 * (claim insert, completion) is running, it takes everything queued, at most 64 keys, and runs one
 * statement, committed on its own, while the callers queueing meanwhile wait; the next of them
 * takes what queued during that statement. No background thread runs, and a lone caller runs its
 * own statement at once, as without sharing.
 *
 * <ul>
 *   <li>Claims: one multi-row {@code INSERT … ON CONFLICT (idempotency_key) DO NOTHING}
 *       (PostgreSQL) or {@code INSERT IGNORE} (MySQL/MariaDB), rows in key order. If it inserted
 *       every row, every claim of the statement is {@code NEW}. Otherwise each claim goes on alone
 *       as above (take-over, then state): its row holds its token exactly when the shared insert
 *       made it, since a token is a fresh random UUID written by that claim only. H2 fails a whole
 *       multi-row insert on one existing key, so there claims insert one at a time. On PostgreSQL
 *       the claim's transaction commits without waiting for its WAL to be flushed ({@code
 *       synchronous_commit = off} for that transaction only, set by the statement itself); see
 *       below.
 *   <li>Completions: one {@code UPDATE … SET state = 'DONE', completed_at = ? WHERE state =
 *       'IN_FLIGHT' AND (idempotency_key, lease_owner) IN ((?, ?), …)} on MySQL/MariaDB and H2; on
 *       PostgreSQL one {@code INSERT … ON CONFLICT (idempotency_key) DO UPDATE SET state = 'DONE' …
 *       WHERE state = 'IN_FLIGHT' AND lease_owner = EXCLUDED.lease_owner}, which also records as
 *       done a key left without a row (see below), and whose transaction commits without waiting
 *       for the WAL flush as a claim's does, unless {@link Builder#flushCompletions(boolean)}. Rows
 *       in key order.
 * </ul>
 *
 * <p>Why this is correct: (1) a statement is atomic, and a caller returns only after the statement
 * holding its key was committed, so a returned claim or completion is visible to every other claim
 * (for how long it lasts through a crash of the database server, see below), while a failed
 * statement changed no row and throws an {@link IdempotencyStoreException} to every caller whose
 * key it held; (2) conditions hold per row: a row is marked done only if its own {@code
 * lease_owner} pairs with its key in the list, so a holder whose lease was taken over changes
 * nothing, and an insert never overwrites an existing row; (3) every queued key is written by
 * exactly one statement (see {@code GroupCommit}); (4) shared inserts and completions take their
 * rows in key order, so those of two instances do not deadlock each other; a deadlock the database
 * still detects (say, between the completions of two crossed take-overs) fails one statement as in
 * (1), and its keys stay in flight until their leases expire. The completion time stored is the
 * statement's, read from the store's clock just before it runs.
 *
 * <p><b>Why PostgreSQL's statements need not wait for the disk.</b> Waiting for the WAL flush is
 * most of a short transaction's time. A claim or a completion committed without the flush is at
 * once visible to every other claim, exactly as a flushed one, so keys stay exactly-once among
 * running instances, and a crash of a receiver loses nothing (the transaction is in the server).
 * What the flush adds is survival of a crash of the database server itself in the moments before
 * its WAL writer flushes the commit (at most three times {@code wal_writer_delay}, 600 ms by
 * default). Such a crash:
 *
 * <ul>
 *   <li>loses the claims of handlers still running and the completions not yet returned: each of
 *       those handlers finds the database gone, the receiver answers 503, and the sender's retry
 *       runs it again. That is so with or without the flush: a completion waiting for a flush that
 *       the crash cuts short fails the same way;
 *   <li>may also lose the completions of deliveries answered in those moments: a later copy of one
 *       of them (a sender's duplicate, or a replay within its signature's window) then runs its
 *       handler again. Only this depends on the completion's flush: with {@link
 *       Builder#flushCompletions(boolean)} each completion waits for it, so that an answered
 *       delivery is never run again, at about half the store's throughput under load (see {@code
 *       benchmarks/README.md}).
 * </ul>
 *
 * <p>Handlers whose effects must never be applied twice, whatever crashes, use {@link
 * #exactlyOnce(String, JdbcEventHandler)}: their effects and done row commit in one transaction
 * with the session's own setting, which the store does not touch. Should the server restart while a
 * handler runs and come back without its claim, the completion inserts the key as done rather than
 * finding nothing to update, so that the handler's run is recorded all the same (so is the run of a
 * holder whose lease was taken over by a claim that then released the key). The setting is local to
 * each statement's transaction; the connection keeps its own, and a data source whose sessions run
 * with {@code synchronous_commit = off} makes even flushed completions skip the flush. Never give
 * such a data source to a {@link JdbcInbox}: there a lost commit would be an accepted event, gone
 * rather than repeated. MySQL/MariaDB and H2 have no per-transaction setting for the flush: there
 * claims and completions wait for it.
 *
 * <p><b>Keys.</b> A key of at most {@value #MAX_KEY_LENGTH} characters is stored as it is. A longer
 * one, or one holding a control character, an unpaired surrogate or a trailing space (which MySQL's
 * collations ignore), or one starting with {@code sha256:}, is stored as {@code sha256:} followed
 * by the hex SHA-256 of its UTF-8 bytes, so that every database compares keys exactly. UTF-8 cannot
 * carry an unpaired surrogate, so a key holding one is stored as {@code sha256:utf16:} followed by
 * the hex SHA-256 of its UTF-16 code units (big-endian).
 *
 * <p><b>Failures.</b> Every {@link SQLException} becomes an {@link IdempotencyStoreException}
 * naming the operation and the table and keeping the cause; the receiver answers such a claim with
 * 503 and runs no handler. Thread-safe; its settings are fixed once built.
 */
public final class JdbcIdempotencyStore implements IdempotencyStore {

  /** Default table name: {@value}. */
  public static final String DEFAULT_TABLE_NAME = "hookline_idempotency";

  /** Default lease on an in-flight claim: 1 minute. */
  public static final Duration DEFAULT_LEASE = Duration.ofMinutes(1);

  /** Default retention of done keys: 7 days. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  /** The longest key, in UTF-16 characters, stored as it is; longer keys are stored hashed. */
  public static final int MAX_KEY_LENGTH = 512;

  private static final String HASHED_KEY_PREFIX = "sha256:";

  /** Begins with {@link #HASHED_KEY_PREFIX}, which no key stored as it is does. */
  private static final String HASHED_CODE_UNITS_PREFIX = HASHED_KEY_PREFIX + "utf16:";

  /** Claim attempts when the key vanishes (released, purged) between statements. */
  private static final int CLAIM_ATTEMPTS = 3;

  /** The most claims or completions one shared statement carries. */
  static final int MAX_BATCH = 64;

  /** A claim's insert, waiting for its batch: the stored key, the token and its times. */
  private record NewKey(String key, String token, long expiry, long now) {}

  /** A holder's completion, waiting for its batch: the stored key and the claim's token. */
  private record Completion(String key, String token) {}

  private final DataSource dataSource;
  private final Dialect dialect;
  private final TableName table;
  private final Duration lease;
  private final Duration retention;
  private final long leaseMillis;
  private final long retentionMillis;
  private final Clock clock;
  private final int purgeBatchSize;
  private final Sql sql;
  private final List<String> insertStatements;
  private final @Nullable GroupCommit<NewKey, Boolean> inserts;
  private final List<String> completeStatements;
  private final GroupCommit<Completion, Integer> completions;
  private final boolean flushCompletions;
  private final ExactlyOnce exactlyOnce;

  private JdbcIdempotencyStore(Builder builder, Dialect dialect, TableName table) {
    this.dataSource = builder.dataSource();
    this.dialect = dialect;
    this.table = table;
    this.lease = builder.lease;
    this.retention = builder.retention();
    this.leaseMillis = Millis.of(builder.lease);
    this.retentionMillis = Millis.of(builder.retention());
    this.clock = builder.clock();
    this.purgeBatchSize = builder.purgeBatchSize();
    this.sql = Sql.of(dialect, table);
    this.insertStatements =
        IntStream.rangeClosed(1, MAX_BATCH)
            .mapToObj(rows -> Sql.insert(dialect, table, rows))
            .toList();
    // H2 fails a whole multi-row insert on one existing key: its claims insert one by one.
    this.inserts = dialect == Dialect.H2 ? null : new GroupCommit<>(MAX_BATCH, this::writeInserts);
    this.flushCompletions = builder.flushCompletions;
    this.completeStatements =
        IntStream.rangeClosed(1, MAX_BATCH)
            .mapToObj(rows -> Sql.complete(dialect, table, rows, flushCompletions))
            .toList();
    this.completions = new GroupCommit<>(MAX_BATCH, this::writeCompletions);
    this.exactlyOnce = new ExactlyOnce(dataSource, dialect, table, clock);
  }

  /** Starts a builder over the data source the store takes a connection from for each operation. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * A handler whose database work commits at most once per event, in one transaction with a done
   * row of its own in this store's table (key {@code effect:<name>|<event key>}): the handler runs
   * only if that row was absent, and both commit together after it returns. A crash or a failure
   * before the commit rolls both back, so that a retry applies the work; a failure after it, such
   * as a failed completion of the delivery's claim, leaves the row, so that the retry skips the
   * work. The handler's effects must live in this store's database and be written through the
   * connection it is given. The row lives for the store's retention, like a done key.
   *
   * @param name identifies the handler in its rows: 1 to 200 ASCII letters, digits, '.', '-', '_',
   *     '$' or '#', one name per handler and endpoint (two endpoints whose events may share a key
   *     need two names); the row's key also carries the event's tenant, if any
   * @throws WebhookConfigurationException if the name is not such
   */
  public EventHandler exactlyOnce(String name, JdbcEventHandler handler) {
    String checked = ExactlyOnce.checkName(name);
    Objects.requireNonNull(handler, "handler");
    return event ->
        exactlyOnce.run(checked, event, connection -> handler.handle(event, connection));
  }

  /**
   * A typed handler whose database work commits at most once per event: see {@link
   * #exactlyOnce(String, JdbcEventHandler)}. Register it with the data type, as any {@link
   * WebhookHandler}.
   *
   * @throws WebhookConfigurationException if the name is not 1 to 200 ASCII letters, digits, '.',
   *     '-', '_', '$' or '#'
   */
  public <T> WebhookHandler<T> exactlyOnce(String name, JdbcWebhookHandler<T> handler) {
    String checked = ExactlyOnce.checkName(name);
    Objects.requireNonNull(handler, "handler");
    return (data, event) ->
        exactlyOnce.run(checked, event, connection -> handler.handle(data, event, connection));
  }

  /**
   * Records, in the caller's transaction on this store's database, that the named handler applied
   * the event's effects: the done row {@link #exactlyOnce(String, JdbcEventHandler)} inserts, for a
   * transaction the caller runs (Spring's {@code @Transactional} listeners do). Insert it before
   * the effects, and apply them only if this returns true; commit or roll back both together. It
   * neither commits nor rolls back, and waits for a concurrent transaction holding the same row.
   *
   * @return true if the row was absent and is now inserted; false if the effects were applied
   *     before (or by a concurrent transaction that committed)
   * @throws WebhookConfigurationException if the name is not as for {@code exactlyOnce}
   * @throws SQLException if the database fails
   */
  public boolean markApplied(String name, WebhookEvent event, Connection connection)
      throws SQLException {
    return exactlyOnce.mark(ExactlyOnce.checkName(name), event, connection);
  }

  /**
   * Claims the key: {@code NEW} when it is absent, its lease expired or it was done before the
   * retention; otherwise {@code DONE} or {@code IN_FLIGHT}.
   *
   * @throws IdempotencyStoreException if the database fails or cannot be reached
   */
  @Override
  public Claim claim(String key) {
    Objects.requireNonNull(key, "key");
    String stored = storedKey(key);
    long now = clock.millis();
    long expiry = saturatedAdd(now, leaseMillis);
    long oldestKept = saturatedAdd(now, -retentionMillis);
    String token = UUID.randomUUID().toString();
    try {
      if (inserts != null && inserts.write(new NewKey(stored, token, expiry, now))) {
        return Claim.acquired(key, token);
      }
      // Not every key of the shared insert was new; whether ours was, its row's token tells.
      return claimExisting(key, stored, token, expiry, now, oldestKept, inserts == null);
    } catch (SQLException e) {
      throw failure("claim", table, e);
    }
  }

  /**
   * Claims a key that may exist: the insert (unless the shared insert tried it already), the take
   * over, then the key's state, whose token shows whether the shared insert made the row ours.
   */
  private Claim claimExisting(
      String key,
      String stored,
      String token,
      long expiry,
      long now,
      long oldestKept,
      boolean insertFirst)
      throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      boolean manualCommit = !connection.getAutoCommit();
      for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
        if ((attempt > 0 || insertFirst)
                && insert(connection, manualCommit, stored, token, expiry, now)
            || takeOver(connection, manualCommit, stored, token, expiry, now, oldestKept)) {
          return Claim.acquired(key, token);
        }
        Optional<KeyState> state = state(connection, manualCommit, stored);
        if (state.isPresent()) {
          if (token.equals(state.get().leaseOwner())) {
            return Claim.acquired(key, token);
          }
          return state.get().state().equals(Sql.DONE) ? Claim.done(key) : Claim.inFlight(key);
        }
        // Released or purged between the statements: claim again.
      }
      // Keeps vanishing: another holder is busy with it; the sender retries later.
      return Claim.inFlight(key);
    }
  }

  /**
   * Inserts a batch of claims' keys in one statement, in key order so that concurrent batches lock
   * rows in one order.
   *
   * @return whether every key was inserted, that is every claim is new
   */
  private Boolean writeInserts(List<NewKey> batch) throws SQLException {
    List<NewKey> sorted = new ArrayList<>(batch);
    sorted.sort(Comparator.comparing(NewKey::key));
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(insertStatements.get(sorted.size() - 1))) {
      int index = 1;
      for (NewKey newKey : sorted) {
        statement.setString(index++, newKey.key());
        statement.setString(index++, newKey.token());
        statement.setLong(index++, newKey.expiry());
        statement.setLong(index++, newKey.now());
      }
      int inserted = statement.executeUpdate();
      commitIfManual(connection);
      return inserted == sorted.size();
    }
  }

  /**
   * Marks the key done, if the claim's token still holds its lease, and returns once that is
   * committed; concurrent completions share one statement (see the class comment). A claim that was
   * not {@code NEW} holds nothing and changes nothing.
   *
   * @throws IdempotencyStoreException if the database fails or cannot be reached
   */
  @Override
  public void complete(Claim claim) {
    if (Objects.requireNonNull(claim, "claim").status() != ClaimStatus.NEW) {
      return;
    }
    try {
      completions.write(new Completion(storedKey(claim.key()), claim.token()));
    } catch (SQLException e) {
      throw failure("complete", table, e);
    }
  }

  /**
   * Marks a batch of holders' keys done, each only while its token holds, in one statement, rows in
   * key order (as the claims' inserts) so that concurrent batches lock rows in one order. A key
   * twice in the batch (its lease taken over, both holders completing at once) starts a second
   * statement, as PostgreSQL's upsert takes a key once: should that one fail, the callers of the
   * first are told so though their keys are done, and their retries find them done.
   *
   * @return the number of keys marked done
   */
  private Integer writeCompletions(List<Completion> batch) throws SQLException {
    List<Completion> sorted = new ArrayList<>(batch);
    sorted.sort(Comparator.comparing(Completion::key));
    long now = clock.millis();
    int done = 0;
    try (Connection connection = dataSource.getConnection()) {
      int from = 0;
      while (from < sorted.size()) {
        int to = from + 1;
        while (to < sorted.size() && !sorted.get(to).key().equals(sorted.get(to - 1).key())) {
          to++;
        }
        done += writeCompletions(connection, sorted.subList(from, to), now);
        from = to;
      }
    }
    return done;
  }

  private int writeCompletions(Connection connection, List<Completion> keys, long now)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(completeStatements.get(keys.size() - 1))) {
      statement.setLong(1, now);
      int index = 2;
      for (Completion completion : keys) {
        statement.setString(index++, completion.key());
        statement.setString(index++, completion.token());
      }
      int done = statement.executeUpdate();
      commitIfManual(connection);
      return done;
    }
  }

  /**
   * Deletes the in-flight key, if the claim's token still holds its lease, so that the next
   * delivery processes it. A claim that was not {@code NEW} holds nothing and changes nothing.
   *
   * @throws IdempotencyStoreException if the database fails or cannot be reached
   */
  @Override
  public void release(Claim claim) {
    if (Objects.requireNonNull(claim, "claim").status() != ClaimStatus.NEW) {
      return;
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql.release())) {
      statement.setString(1, storedKey(claim.key()));
      statement.setString(2, claim.token());
      statement.executeUpdate();
      commitIfManual(connection);
    } catch (SQLException e) {
      throw failure("release", table, e);
    }
  }

  /**
   * Queries the table without reading a row, for health indicators.
   *
   * @throws IdempotencyStoreException if the database cannot be reached or the table is missing
   */
  @Override
  public void check() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql.check());
        ResultSet result = statement.executeQuery()) {
      result.next();
      commitIfManual(connection);
    } catch (SQLException e) {
      throw failure("check", table, e);
    }
  }

  /**
   * Deletes the keys done before now minus the retention, in batches of the purge batch size, until
   * a batch deletes fewer rows. In-flight keys are never deleted. Safe to run from several
   * instances at once.
   *
   * @return the number of keys deleted
   * @throws IdempotencyStoreException if the database fails or cannot be reached
   */
  public long purgeExpired() {
    long oldestKept = saturatedAdd(clock.millis(), -retentionMillis);
    try {
      return purgeInBatches(
          dataSource, sql.purge(), sql.purgeRechecks(), oldestKept, purgeBatchSize);
    } catch (SQLException e) {
      throw failure("purge", table, e);
    }
  }

  private boolean insert(
      Connection connection, boolean manualCommit, String key, String token, long expiry, long now)
      throws SQLException {
    return insertOrIgnore(
        connection,
        manualCommit,
        dialect,
        sql.insert(),
        statement -> {
          statement.setString(1, key);
          statement.setString(2, token);
          statement.setLong(3, expiry);
          statement.setLong(4, now);
        });
  }

  private boolean takeOver(
      Connection connection,
      boolean manualCommit,
      String key,
      String token,
      long expiry,
      long now,
      long oldestKept)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql.takeOver())) {
      statement.setString(1, token);
      statement.setLong(2, expiry);
      statement.setString(3, key);
      statement.setLong(4, now);
      statement.setLong(5, oldestKept);
      int updated = statement.executeUpdate();
      if (manualCommit) {
        connection.commit();
      }
      return updated == 1;
    }
  }

  /** A stored key's state and the token holding its lease, if any. */
  private record KeyState(String state, @Nullable String leaseOwner) {}

  private Optional<KeyState> state(Connection connection, boolean manualCommit, String key)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql.state())) {
      statement.setString(1, key);
      Optional<KeyState> state;
      try (ResultSet result = statement.executeQuery()) {
        state =
            result.next()
                ? Optional.of(new KeyState(result.getString(1), result.getString(2)))
                : Optional.empty();
      }
      if (manualCommit) {
        connection.commit();
      }
      return state;
    }
  }

  /**
   * Names the operation, the table and the SQLState; the driver's message stays in the cause. No
   * key: the receiver's log line names the event already.
   */
  private static IdempotencyStoreException failure(
      String operation, TableName table, SQLException cause) {
    return new IdempotencyStoreException(
        JdbcSupport.failure("JDBC idempotency store", operation, table, cause), cause);
  }

  /** The key as stored: as it is when every database compares it exactly, else hashed. */
  static String storedKey(String key) {
    if (key.length() <= MAX_KEY_LENGTH && storableAsIs(key)) {
      return key;
    }
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      if (!Utf16.hasUnpairedSurrogate(key)) {
        return HASHED_KEY_PREFIX
            + HexFormat.of().formatHex(sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
      }
      // UTF-8 (and Java's UTF-16 encoders) would write an unpaired surrogate as a replacement
      // character, making distinct keys one: hash the code units themselves, under a prefix of
      // their own.
      for (int i = 0; i < key.length(); i++) {
        char c = key.charAt(i);
        sha256.update((byte) (c >>> 8));
        sha256.update((byte) c);
      }
      return HASHED_CODE_UNITS_PREFIX + HexFormat.of().formatHex(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  private static boolean storableAsIs(String key) {
    if (key.startsWith(HASHED_KEY_PREFIX) || key.endsWith(" ") || Utf16.hasUnpairedSurrogate(key)) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      if (Character.isISOControl(key.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "JdbcIdempotencyStore[dialect="
        + dialect
        + ", table="
        + table.qualified()
        + ", lease="
        + lease
        + ", retention="
        + retention
        // Named only when set, the default being the common case.
        + (flushCompletions ? ", flushCompletions=true" : "")
        + "]";
  }

  /** Configures a {@link JdbcIdempotencyStore}; not thread-safe. */
  public static final class Builder extends JdbcTableBuilder<Builder> {
    private Duration lease = DEFAULT_LEASE;
    private boolean flushCompletions;

    private Builder(DataSource dataSource) {
      super(dataSource, DEFAULT_TABLE_NAME, DEFAULT_RETENTION);
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * How long an uncompleted claim blocks its key before another delivery may take it over;
     * default 1 minute. Make it longer than the slowest handler.
     */
    public Builder lease(Duration lease) {
      this.lease = Objects.requireNonNull(lease, "lease");
      return this;
    }

    /**
     * Whether a completion returns, and so the receiver answers, only once the database has flushed
     * it to disk; default false. On PostgreSQL, false commits each completion's transaction with
     * {@code synchronous_commit = off}: visible at once to every instance, on disk within three
     * times {@code wal_writer_delay}, and a crash of the database server within that time can
     * forget deliveries just answered, so that a later copy of one runs its handler again (see the
     * class comment). True keeps the session's own setting (normally {@code on}): an answered
     * delivery is never run again, at about half the store's throughput under load. MySQL/MariaDB
     * and H2 always wait for the flush.
     */
    public Builder flushCompletions(boolean flushCompletions) {
      this.flushCompletions = flushCompletions;
      return this;
    }

    /**
     * Validates the configuration, detects the dialect and creates the table if so configured, and
     * returns the store. Without those two steps it does not connect.
     *
     * @throws WebhookConfigurationException if the table name is not a plain identifier, a duration
     *     is shorter than a millisecond, the batch size is not positive, or the detected database
     *     is none of the dialects
     * @throws IdempotencyStoreException if the database cannot be reached to detect the dialect or
     *     create the table
     */
    public JdbcIdempotencyStore build() {
      TableName table = table();
      requireMillis("lease", lease);
      requireMillis("retention", retention());
      Dialect chosen = prepare(table, Dialect::ddl, JdbcIdempotencyStore::failure);
      return new JdbcIdempotencyStore(this, chosen, table);
    }

    private static void requireMillis(String name, Duration duration) {
      if (duration.isNegative() || duration.isZero()) {
        throw new WebhookConfigurationException(name + " must be positive, but was " + duration);
      }
      if (Millis.of(duration) == 0) {
        throw new WebhookConfigurationException(
            name + " must be at least 1 millisecond, but was " + duration);
      }
    }
  }
}
