package dev.hookline.receiver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.idempotency.Claim;
import dev.hookline.receiver.idempotency.Claim.ClaimStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The contract on a real PostgreSQL server: runs with {@code -Pservices}. Defaults to database
 * {@code test} on 127.0.0.1:5432 as user {@code postgres} (trust authentication); override with the
 * system properties {@code hookline.test.postgresql.url}, {@code .user} and {@code .password}.
 */
@Tag("services")
class PostgresqlJdbcIdempotencyStoreTest extends JdbcIdempotencyStoreContract {

  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }

  @Override
  HikariConfig poolConfig() {
    return postgresqlPool();
  }

  /** The test server's pool settings, for every PostgreSQL test of the store. */
  static HikariConfig postgresqlPool() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(
        System.getProperty(
            "hookline.test.postgresql.url", "jdbc:postgresql://127.0.0.1:5432/test"));
    config.setUsername(System.getProperty("hookline.test.postgresql.user", "postgres"));
    config.setPassword(System.getProperty("hookline.test.postgresql.password", ""));
    return config;
  }

  @Override
  DataSource unreachable() {
    return postgresqlUnreachable();
  }

  static DataSource postgresqlUnreachable() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL("jdbc:postgresql://127.0.0.1:1/test");
    dataSource.setUser("postgres");
    dataSource.setConnectTimeout(2);
    return dataSource;
  }

  @Override
  String schemaPrefix() {
    return "public.";
  }

  /**
   * By default a claim's transaction and a completion's commit without waiting for their WAL to
   * reach the disk (each setting its own transaction's {@code synchronous_commit}); the connection
   * keeps the server's setting.
   */
  @Test
  void claimsAndCompletionsCommitWithoutWaitingForTheFlushByDefault() throws SQLException {
    List<String> commits = new CopyOnWriteArrayList<>();
    try (HikariDataSource manual = newPool(true)) {
      JdbcIdempotencyStore store = store(recordingCommits(manual, commits)).build();
      commits.clear();

      store.complete(store.claim("evt_default"));

      assertThat(commits)
          .containsExactly("claim synchronous_commit=off", "completion synchronous_commit=off");
      assertThat(synchronousCommit(manual)).isEqualTo("on");
    }
  }

  /**
   * With {@code flushCompletions(true)}, a claim's transaction commits without waiting for its WAL
   * to reach the disk; a completion's waits, and so makes the claim's durable too (the WAL is
   * flushed in order).
   */
  @Test
  void claimsCommitWithoutWaitingForTheFlushAndCompletionsWaitForIt() throws SQLException {
    List<String> commits = new CopyOnWriteArrayList<>();
    try (HikariDataSource manual = newPool(true)) {
      JdbcIdempotencyStore store =
          store(recordingCommits(manual, commits)).flushCompletions(true).build();
      commits.clear();

      Claim claim = store.claim("evt_async");
      List<String> afterClaim = List.copyOf(commits);
      store.complete(claim);

      assertThat(afterClaim).containsExactly("claim synchronous_commit=off");
      assertThat(commits)
          .containsExactly("claim synchronous_commit=off", "completion synchronous_commit=on");
      assertThat(synchronousCommit(manual)).isEqualTo("on");
    }
  }

  /**
   * A completion that finds its key without a row records it done: the holder's handler ran. Here
   * the row is gone because the claim that took the lease over released it; a claim lost to a crash
   * of the server leaves the same.
   */
  @Test
  void aCompletionOfAKeyLeftWithoutARowRecordsItDone() {
    JdbcIdempotencyStore store = store().build();
    Claim slow = store.claim("evt_lost");
    clock().advance(LEASE.plusSeconds(1));
    Claim takeover = store.claim("evt_lost");
    store.release(takeover);

    store.complete(slow);

    assertThat(takeover.status()).isEqualTo(ClaimStatus.NEW);
    assertThat(store.claim("evt_lost").status()).isEqualTo(ClaimStatus.DONE);
  }

  /**
   * Both holders of a key whose lease was taken over complete in one shared batch: PostgreSQL's
   * upsert fails a statement that updates a key and then meets it again (here the new holder's
   * completion is queued first), so the batch is written as two statements, and only the holder of
   * the lease marks the key done.
   */
  @Test
  void bothHoldersOfATakenOverKeyCompletingInOneBatchLeaveItDoneByTheNewHolder() throws Exception {
    try (HikariDataSource second = newPool(false)) {
      GatedDataSource gate = new GatedDataSource(second);
      JdbcIdempotencyStore store = store(gate.dataSource()).build();
      Claim crashed = store.claim("evt-taken");
      clock().advance(LEASE.plusSeconds(1));
      Claim takeover = store.claim("evt-taken");
      List<Claim> claims = List.of(store.claim("evt-1"), takeover, crashed, store.claim("evt-2"));

      List<@Nullable Object> thrown =
          JdbcIdempotencyStoreContract.completeBehindAHeldStatement(store, gate, claims);

      assertThat(thrown).containsOnlyNulls();
      assertThat(rows("state = 'DONE'")).isEqualTo(3);
      assertThat(
              rows(
                  "idempotency_key = 'evt-taken' AND state = 'DONE' AND lease_owner = '"
                      + takeover.token()
                      + "'"))
          .isEqualTo(1);
    }
  }

  /**
   * A data source whose sessions run with {@code synchronous_commit = off}: completions then skip
   * the flush even with {@code flushCompletions(true)} (the session's setting is the user's), and
   * copies of a delivery sent at once to two instances on such data sources still run the handler
   * once.
   */
  @Test
  void onSessionsThatSkipTheFlushCompletionsSkipItAndCopiesStillRunOnce() throws Exception {
    List<String> commits = new CopyOnWriteArrayList<>();
    try (HikariDataSource first = withoutFlush(true);
        HikariDataSource second = withoutFlush(false)) {
      JdbcIdempotencyStore recorded =
          store(recordingCommits(first, commits)).flushCompletions(true).build();
      commits.clear();
      recorded.complete(recorded.claim("evt_no_flush"));
      AtomicInteger runs = new AtomicInteger();
      List<WebhookReceiver> instances =
          List.of(receiver(store(first).build(), runs), receiver(store(second).build(), runs));

      List<Integer> statuses = receiveAtOnce(instances, "evt-no-flush", 20);

      assertThat(commits)
          .containsExactly("claim synchronous_commit=off", "completion synchronous_commit=off");
      assertThat(runs).hasValue(1);
      assertThat(statuses).hasSize(20).isSubsetOf(200, 503).contains(200);
      assertThat(rows("state = 'DONE'")).isEqualTo(2);
    }
  }

  /** A pool whose sessions start with {@code synchronous_commit = off}, set in the connection. */
  private HikariDataSource withoutFlush(boolean manualCommit) {
    HikariConfig config = poolConfig();
    config.addDataSourceProperty("options", "-c synchronous_commit=off");
    config.setMaximumPoolSize(8);
    config.setAutoCommit(!manualCommit);
    return new HikariDataSource(config);
  }

  /**
   * The setting is the claim's and the completion's transaction's own: the pooled connection keeps
   * the server's.
   */
  @Test
  void aClaimLeavesTheConnectionsSettingAsItWas() throws SQLException {
    HikariConfig config = poolConfig();
    config.setMaximumPoolSize(1);
    try (HikariDataSource single = new HikariDataSource(config)) {
      JdbcIdempotencyStore store = store(single).build();

      store.complete(store.claim("evt_1"));
      store.claim("evt_2");

      assertThat(synchronousCommit(single)).isEqualTo("on");
    }
  }

  private static String synchronousCommit(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      String value = synchronousCommit(connection);
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
      return value;
    }
  }

  private static String synchronousCommit(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SHOW synchronous_commit")) {
      result.next();
      return result.getString(1);
    }
  }

  /**
   * The data source, whose connections record, at each commit, what the statement last prepared on
   * them was (a claim, which ignores a present key, or a completion, which updates it) and the
   * transaction's {@code synchronous_commit}. For calls on one thread.
   */
  private static DataSource recordingCommits(DataSource target, List<String> commits) {
    String[] last = {"none"};
    return ConnectionHooks.hooked(
        target,
        (connection, method, args) -> {
          if (method.getName().equals("prepareStatement")) {
            String sql = (String) args[0];
            last[0] =
                sql.contains("DO NOTHING")
                    ? "claim"
                    : sql.contains("DO UPDATE") ? "completion" : sql;
          } else if (method.getName().equals("commit")) {
            commits.add(last[0] + " synchronous_commit=" + synchronousCommit(connection));
          }
        });
  }
}
