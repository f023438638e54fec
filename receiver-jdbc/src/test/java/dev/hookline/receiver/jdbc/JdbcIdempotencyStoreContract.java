package dev.hookline.receiver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.IdempotencyStoreException;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.idempotency.Claim;
import dev.hookline.receiver.idempotency.Claim.ClaimStatus;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.lucca.LuccaTopics;
import dev.hookline.receiver.test.IdempotencyStoreContract;
import dev.hookline.receiver.test.TestSigners;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every dialect must do, on a real database: each subclass names one. The test kit's contract
 * of every idempotency store, then what is the JDBC store's own (its table, statements, outages).
 * Every test works on a table of its own, dropped afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcIdempotencyStoreContract extends IdempotencyStoreContract {

  private HikariDataSource pool;
  private String table;

  /** The dialect under test. */
  abstract Dialect dialect();

  /** The connection settings of the test database; the contract opens and closes the pools. */
  abstract HikariConfig poolConfig();

  /** An unpooled data source whose database cannot be reached (nothing listens on its port). */
  abstract DataSource unreachable();

  /** The schema of the test connections, as a table name prefix, e.g. {@code public.}. */
  abstract String schemaPrefix();

  @BeforeAll
  void openPool() {
    pool = newPool(false);
  }

  @AfterAll
  void closePool() {
    pool.close();
  }

  @BeforeEach
  void newTable() {
    byte[] suffix = new byte[6];
    ThreadLocalRandom.current().nextBytes(suffix);
    table = "hookline_test_" + HexFormat.of().formatHex(suffix);
  }

  @AfterEach
  void dropTable() throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + table);
      statement.execute("DROP TABLE IF EXISTS " + effects());
      DatabaseFault.drop(dialect(), statement, fault());
    }
  }

  private String fault() {
    return table + "_fault";
  }

  /** The table exactly-once handlers write their effects to: one row per run, no unique key. */
  private String effects() {
    return table + "_effects";
  }

  HikariDataSource newPool(boolean manualCommit) {
    HikariConfig config = poolConfig();
    config.setMaximumPoolSize(8);
    config.setMinimumIdle(1);
    config.setAutoCommit(!manualCommit);
    config.setPoolName(dialect() + (manualCommit ? "-manual-commit" : ""));
    return new HikariDataSource(config);
  }

  @Override
  protected IdempotencyStore createStore() {
    return store().build();
  }

  /** A store on the shared pool, creating the test's table. */
  JdbcIdempotencyStore.Builder store() {
    return store(pool);
  }

  JdbcIdempotencyStore.Builder store(DataSource dataSource) {
    return JdbcIdempotencyStore.builder(dataSource)
        .dialect(dialect())
        .tableName(table)
        .lease(LEASE)
        .retention(RETENTION)
        .clock(clock())
        .createTable(true);
  }

  /** A receiver instance whose handler counts its runs and takes about 50 ms. */
  static WebhookReceiver receiver(IdempotencyStore store, AtomicInteger runs) {
    return Lucca.receiver(TestSigners.LUCCA_SECRET)
        .idempotencyStore(store)
        .on(
            LuccaTopics.EMPLOYEE_UPDATED,
            event -> {
              runs.incrementAndGet();
              Thread.sleep(50);
            })
        .build();
  }

  /** A signed {@code employee.updated} delivery of the event id; its key is {@code source|id}. */
  static WebhookRequest employeeUpdated(String eventId) {
    return SignedRequests.lucca(TestSigners.LUCCA_SECRET)
        .event(LuccaFixtures.employeeUpdated().id(eventId))
        .build();
  }

  long rows(String condition) throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE " + condition);
        ResultSet result = statement.executeQuery()) {
      result.next();
      return result.getLong(1);
    }
  }

  /**
   * Runs the first call on a thread whose statement is held at the gate, lines the others up behind
   * it on threads of their own, then opens the gate: the others share the next statement.
   *
   * @return what each call returned or threw, in the order of the calls
   */
  static List<@Nullable Object> behindAHeldStatement(GatedDataSource gate, List<Callable<?>> calls)
      throws Exception {
    List<AtomicReference<@Nullable Object>> outcomes = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    gate.arm();
    for (Callable<?> call : calls) {
      AtomicReference<@Nullable Object> outcome = new AtomicReference<>();
      Thread thread =
          new Thread(
              () -> {
                try {
                  outcome.set(call.call());
                } catch (Throwable e) {
                  outcome.set(e);
                }
              });
      thread.start();
      if (threads.isEmpty()) {
        gate.awaitHeld();
      } else {
        awaitQueued(thread);
      }
      outcomes.add(outcome);
      threads.add(thread);
    }
    gate.open();
    List<@Nullable Object> results = new ArrayList<>();
    for (int i = 0; i < threads.size(); i++) {
      threads.get(i).join(TimeUnit.SECONDS.toMillis(60));
      assertThat(threads.get(i).isAlive()).as("call returned within 60 s").isFalse();
      results.add(outcomes.get(i).get());
    }
    return results;
  }

  /** {@link #behindAHeldStatement} of the claims' completions: null where one returned. */
  static List<@Nullable Object> completeBehindAHeldStatement(
      JdbcIdempotencyStore store, GatedDataSource gate, List<Claim> claims) throws Exception {
    List<Callable<?>> calls = new ArrayList<>();
    for (Claim claim : claims) {
      calls.add(
          () -> {
            store.complete(claim);
            return null;
          });
    }
    return behindAHeldStatement(gate, calls);
  }

  /** {@link #behindAHeldStatement} of claims of the keys: the statuses, or what was thrown. */
  static List<@Nullable Object> claimBehindAHeldStatement(
      JdbcIdempotencyStore store, GatedDataSource gate, List<String> keys) throws Exception {
    List<Callable<?>> calls = new ArrayList<>();
    for (String key : keys) {
      calls.add(() -> store.claim(key).status());
    }
    return behindAHeldStatement(gate, calls);
  }

  /**
   * Waits until the thread waits for a batch to be written: parked on the group commit's condition,
   * not on its lock (see GroupCommit).
   */
  static void awaitQueued(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (thread.getState() != Thread.State.WAITING
        || !(LockSupport.getBlocker(thread)
            instanceof AbstractQueuedSynchronizer.ConditionObject)) {
      assertThat(System.nanoTime()).as("call queued within 60 s").isLessThan(deadline);
      Thread.sleep(1);
    }
  }

  /** Asserts that a call threw the store's failure of the operation on the test's table. */
  private void assertStoreFailure(@Nullable Object outcome, String operation) {
    assertThat(outcome).isInstanceOf(IdempotencyStoreException.class);
    assertThat((Throwable) outcome)
        .hasMessageStartingWith(
            "JDBC idempotency store failed to " + operation + " (table " + table + ", SQLState ")
        .hasCauseInstanceOf(SQLException.class);
  }

  private void injectFault(String state) throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      DatabaseFault.inject(dialect(), statement, table, fault(), state);
    }
  }

  private long faultHits() throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      return DatabaseFault.hits(dialect(), statement, fault());
    }
  }

  @Test
  void claimsOfNewKeysQueuedBehindAStatementShareTheNextOne() throws Exception {
    assumeTrue(dialect() != Dialect.H2, "H2 fails a whole multi-row insert on one existing key");
    CountingDataSource counting = new CountingDataSource(pool);
    GatedDataSource gate = new GatedDataSource(counting.dataSource());
    JdbcIdempotencyStore store = store(gate.dataSource()).build();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      keys.add("evt-" + i);
    }
    counting.reset();

    List<@Nullable Object> statuses = claimBehindAHeldStatement(store, gate, keys);

    assertThat(statuses).containsOnly(ClaimStatus.NEW).hasSize(16);
    assertThat(counting.roundTrips())
        .as("the held insert, then one for the 15 claims queued behind it")
        .isEqualTo(2);
    assertThat(rows("state = 'IN_FLIGHT'")).isEqualTo(16);
  }

  @Test
  void sharedInsertHoldingKnownKeysGivesEachClaimItsOwnStatus() throws Exception {
    assumeTrue(dialect() != Dialect.H2, "H2 fails a whole multi-row insert on one existing key");
    GatedDataSource gate = new GatedDataSource(pool);
    JdbcIdempotencyStore store = store(gate.dataSource()).build();
    store.complete(store.claim("evt-done"));
    Claim crashed = store.claim("evt-expired");
    clock().advance(LEASE.plusSeconds(1));
    store.claim("evt-busy");

    List<@Nullable Object> statuses =
        claimBehindAHeldStatement(
            store,
            gate,
            List.of(
                "evt-lead",
                "evt-new",
                "evt-done",
                "evt-busy",
                "evt-expired",
                "evt-twice",
                "evt-twice"));

    assertThat(statuses.subList(0, 5))
        .containsExactly(
            ClaimStatus.NEW,
            ClaimStatus.NEW,
            ClaimStatus.DONE,
            ClaimStatus.IN_FLIGHT,
            ClaimStatus.NEW);
    assertThat(statuses.subList(5, 7))
        .as("one of two claims of a key in one statement wins")
        .containsExactlyInAnyOrder(ClaimStatus.NEW, ClaimStatus.IN_FLIGHT);
    assertThat(rows("state = 'IN_FLIGHT'")).isEqualTo(5);
    store.complete(crashed);
    assertThat(rows("idempotency_key = 'evt-expired' AND state = 'IN_FLIGHT'"))
        .as("the taken-over holder completes nothing")
        .isEqualTo(1);
  }

  @Test
  void failedSharedInsertFailsEveryClaimItCarried() throws Exception {
    assumeTrue(dialect() != Dialect.H2, "H2 fails a whole multi-row insert on one existing key");
    GatedDataSource gate = new GatedDataSource(pool);
    JdbcIdempotencyStore store = store(gate.dataSource()).build();
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      DatabaseFault.injectOnInsert(dialect(), statement, table, fault(), "evt-bad");
    }

    List<@Nullable Object> outcomes =
        claimBehindAHeldStatement(store, gate, List.of("evt-lead", "evt-1", "evt-bad", "evt-2"));

    assertThat(outcomes.get(0)).isEqualTo(ClaimStatus.NEW);
    assertThat(outcomes.subList(1, 4)).allSatisfy(outcome -> assertStoreFailure(outcome, "claim"));
    assertThat(rows("idempotency_key IN ('evt-1', 'evt-2')"))
        .as("the failed statement inserted no row")
        .isZero();
    assertThat(store.claim("evt-1").status()).isEqualTo(ClaimStatus.NEW);
    assertThat(store.claim("evt-lead").status()).isEqualTo(ClaimStatus.IN_FLIGHT);
  }

  @Test
  void completionsQueuedBehindAStatementShareTheNextOne() throws Exception {
    CountingDataSource counting = new CountingDataSource(pool);
    GatedDataSource gate = new GatedDataSource(counting.dataSource());
    JdbcIdempotencyStore store = store(gate.dataSource()).build();
    List<Claim> claims = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      claims.add(store.claim("evt-" + i));
    }
    counting.reset();

    List<@Nullable Object> thrown = completeBehindAHeldStatement(store, gate, claims);

    assertThat(thrown).containsOnlyNulls();
    assertThat(counting.roundTrips())
        .as("the held statement, then one for the 15 completions queued behind it")
        .isEqualTo(2);
    assertThat(counting.prepared()).isEqualTo(2);
    assertThat(rows("state = 'DONE'")).isEqualTo(16);
  }

  @Test
  void completionsLockOnlyTheirOwnRows() throws Exception {
    GatedDataSource gate = new GatedDataSource(pool);
    JdbcIdempotencyStore store = store(gate.dataSource()).build();
    List<Claim> claims = List.of(store.claim("evt-1"), store.claim("evt-2"), store.claim("evt-3"));
    store.claim("evt-locked");
    List<@Nullable Object> thrown;
    try (Connection other = pool.getConnection()) {
      other.setAutoCommit(false);
      try (PreparedStatement lock =
              other.prepareStatement(
                  "SELECT state FROM "
                      + table
                      + " WHERE idempotency_key = 'evt-locked' FOR UPDATE");
          ResultSet locked = lock.executeQuery()) {
        assertThat(locked.next()).isTrue();
      }

      // One completion alone, then two sharing a statement, while another in-flight row is locked.
      thrown = completeBehindAHeldStatement(store, gate, claims);
      other.rollback();
    }

    assertThat(thrown).containsOnlyNulls();
    assertThat(rows("state = 'DONE'")).isEqualTo(3);
  }

  @Test
  void holderWhoseLeaseWasTakenOverChangesNothingInASharedStatement() throws Exception {
    GatedDataSource gate = new GatedDataSource(pool);
    JdbcIdempotencyStore store = store(gate.dataSource()).build();
    Claim crashed = store.claim("evt-taken");
    clock().advance(LEASE.plusSeconds(1));
    Claim takeover = store.claim("evt-taken");
    List<Claim> claims =
        List.of(store.claim("evt-1"), crashed, store.claim("evt-2"), store.claim("evt-3"));

    List<@Nullable Object> thrown = completeBehindAHeldStatement(store, gate, claims);

    assertThat(thrown).containsOnlyNulls();
    assertThat(rows("state = 'DONE'")).isEqualTo(3);
    assertThat(
            rows(
                "idempotency_key = 'evt-taken' AND state = 'IN_FLIGHT' AND lease_owner = '"
                    + takeover.token()
                    + "'"))
        .isEqualTo(1);
    store.complete(takeover);
    assertThat(store.claim("evt-taken").status()).isEqualTo(ClaimStatus.DONE);
  }

  @Test
  void failedSharedStatementFailsEveryCompletionItCarriedAndLaterOnesWork() throws Exception {
    GatedDataSource gate = new GatedDataSource(pool);
    JdbcIdempotencyStore store = store(gate.dataSource()).build();
    // The held statement completes a claim whose lease was taken over: it matches no row, so the
    // fault's first hit is in the shared statement. (Not an absent key: PostgreSQL's completion
    // records one done.)
    Claim crashed = store.claim("evt-taken");
    clock().advance(LEASE.plusSeconds(1));
    store.claim("evt-taken");
    injectFault(Sql.DONE);
    List<Claim> claims = new ArrayList<>(List.of(crashed));
    for (int i = 0; i < 4; i++) {
      claims.add(store.claim("evt-" + i));
    }

    List<@Nullable Object> thrown = completeBehindAHeldStatement(store, gate, claims);

    assertThat(thrown.get(0)).isNull();
    assertThat(thrown.subList(1, claims.size()))
        .allSatisfy(outcome -> assertStoreFailure(outcome, "complete"));
    assertThat(faultHits()).isEqualTo(1);
    assertThat(rows("state = 'DONE'")).as("the failed statement changed no row").isZero();
    for (Claim claim : claims.subList(1, claims.size())) {
      store.complete(claim);
    }
    assertThat(rows("state = 'DONE'")).isEqualTo(4);
  }

  @Test
  void thirtyTwoThreadsClaimingAndCompletingAtOnceLeaveEveryKeyDone() throws Exception {
    JdbcIdempotencyStore store = store().build();
    int threads = 32;
    int keysPerThread = 20;
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<List<ClaimStatus>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String prefix = "evt-" + t + "-";
        futures.add(
            executor.submit(
                () -> {
                  start.await();
                  List<ClaimStatus> statuses = new ArrayList<>();
                  for (int k = 0; k < keysPerThread; k++) {
                    Claim claim = store.claim(prefix + k);
                    statuses.add(claim.status());
                    store.complete(claim);
                  }
                  return statuses;
                }));
      }
      start.countDown();
      for (Future<List<ClaimStatus>> future : futures) {
        assertThat(future.get(120, TimeUnit.SECONDS)).containsOnly(ClaimStatus.NEW);
      }
    } finally {
      executor.shutdownNow();
    }
    assertThat(rows("state = 'DONE'")).isEqualTo(threads * keysPerThread);
    assertThat(rows("state <> 'DONE'")).isZero();
  }

  @Test
  void releasedKeyLeavesNoRow() throws SQLException {
    JdbcIdempotencyStore store = store().build();

    store.release(store.claim("evt_1"));

    assertThat(rows("1 = 1")).isZero();
  }

  @Test
  void purgeRemovesOnlyDoneKeysOlderThanTheRetentionInBatches() throws SQLException {
    CountingDataSource counting = new CountingDataSource(pool);
    JdbcIdempotencyStore store = store(counting.dataSource()).purgeBatchSize(2).build();
    for (int i = 0; i < 5; i++) {
      store.complete(store.claim("expired-" + i));
    }
    store.claim("crashed");
    clock().advance(Duration.ofMinutes(30));
    store.complete(store.claim("recent"));
    clock().advance(Duration.ofMinutes(31));
    counting.reset();

    long purged = store.purgeExpired();

    assertThat(purged).isEqualTo(5);
    assertThat(counting.roundTrips()).as("batches of 2, 2 and 1").isEqualTo(3);
    assertThat(rows("idempotency_key LIKE 'expired-%'")).isZero();
    assertThat(rows("idempotency_key IN ('recent', 'crashed')")).isEqualTo(2);
    assertThat(store.purgeExpired()).isZero();
    assertThat(store.claim("recent").status()).isEqualTo(ClaimStatus.DONE);
    assertThat(store.claim("crashed").status())
        .as("an in-flight key is never purged, however old; its lease is taken over")
        .isEqualTo(ClaimStatus.NEW);
    assertThat(store.claim("expired-0").status()).isEqualTo(ClaimStatus.NEW);
  }

  @Test
  void newDeliveryTakesTwoStatementsEndToEnd() {
    CountingDataSource counting = new CountingDataSource(pool);
    JdbcIdempotencyStore store = store(counting.dataSource()).build();
    counting.reset();

    Claim claim = store.claim("evt_1");
    int afterClaim = counting.roundTrips();
    store.complete(claim);

    assertThat(afterClaim).isEqualTo(1);
    assertThat(counting.roundTrips()).isEqualTo(2);
    assertThat(counting.prepared()).isEqualTo(2);

    counting.reset();
    Claim duplicate = store.claim("evt_1");
    assertThat(duplicate.status()).isEqualTo(ClaimStatus.DONE);
    assertThat(counting.roundTrips()).as("insert, take-over update, select").isEqualTo(3);

    counting.reset();
    store.complete(duplicate);
    store.release(duplicate);
    assertThat(counting.roundTrips()).as("a claim that is not NEW holds nothing").isZero();
  }

  @Test
  void fiftyConcurrentCopiesOverTwoInstancesRunTheHandlerOnce() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    int copies = 50;
    try (HikariDataSource secondInstancePool = newPool(false)) {
      List<WebhookReceiver> instances =
          List.of(
              receiver(store().build(), runs), receiver(store(secondInstancePool).build(), runs));
      List<Integer> statuses = receiveAtOnce(instances, "evt-concurrent", copies);

      assertThat(runs).hasValue(1);
      assertThat(statuses).hasSize(copies).isSubsetOf(200, 503).contains(200);
    }
    assertThat(rows("state = 'DONE'")).isEqualTo(1);
  }

  /**
   * Sends copies of one delivery to the instances in turn, all released at once, and returns their
   * statuses.
   */
  static List<Integer> receiveAtOnce(List<WebhookReceiver> instances, String eventId, int copies)
      throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(copies);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<WebhookResponse>> futures = new ArrayList<>();
      for (int i = 0; i < copies; i++) {
        WebhookReceiver instance = instances.get(i % instances.size());
        WebhookRequest copy = employeeUpdated(eventId);
        futures.add(
            executor.submit(
                () -> {
                  start.await();
                  return instance.receive(copy);
                }));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<WebhookResponse> future : futures) {
        statuses.add(future.get(60, TimeUnit.SECONDS).status());
      }
      return statuses;
    } finally {
      executor.shutdownNow();
    }
  }

  /**
   * Creates the effects table and returns a receiver whose exactly-once handler writes a row per
   * run to it, counting runs; the first {@code failures} runs throw after writing.
   */
  private WebhookReceiver effectsReceiver(
      JdbcIdempotencyStore store, AtomicInteger runs, int failures, @Nullable CountDownLatch hold)
      throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS " + effects() + " (event_id VARCHAR(64) NOT NULL)");
    }
    return Lucca.receiver(TestSigners.LUCCA_SECRET)
        .idempotencyStore(store)
        .on(
            LuccaTopics.EMPLOYEE_UPDATED,
            store.exactlyOnce(
                "record-effect",
                (event, connection) -> {
                  try (PreparedStatement insert =
                      connection.prepareStatement("INSERT INTO " + effects() + " VALUES (?)")) {
                    insert.setString(1, event.id());
                    insert.executeUpdate();
                  }
                  if (runs.incrementAndGet() <= failures) {
                    throw new IllegalStateException("injected handler failure");
                  }
                  if (hold != null) {
                    hold.await(60, TimeUnit.SECONDS);
                  }
                }))
        .build();
  }

  private long effectRows() throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT COUNT(*) FROM " + effects());
        ResultSet result = statement.executeQuery()) {
      result.next();
      return result.getLong(1);
    }
  }

  @Test
  void exactlyOnceEffectsSurviveAFailureWhileRecordingSuccess() throws Exception {
    JdbcIdempotencyStore store = store().build();
    AtomicInteger runs = new AtomicInteger();
    WebhookReceiver receiver = effectsReceiver(store, runs, 0, null);
    injectFault(Sql.DONE);

    WebhookResponse first = receiver.receive(employeeUpdated("evt-effect"));

    assertThat(faultHits()).as("the completion failed").isEqualTo(1);
    assertThat(first.status()).isEqualTo(200);
    assertThat(effectRows()).isEqualTo(1);
    assertThat(rows("state = 'IN_FLIGHT'")).as("the delivery's claim").isEqualTo(1);

    // The sender's retry, once the unfinished claim's lease has expired.
    clock().advance(LEASE.plusSeconds(1));
    WebhookResponse retry = receiver.receive(employeeUpdated("evt-effect"));

    assertThat(retry.status()).isEqualTo(200);
    assertThat(runs).as("the handler did not run again").hasValue(1);
    assertThat(effectRows()).isEqualTo(1);
    assertThat(rows("state = 'DONE'")).as("the delivery and the handler's mark").isEqualTo(2);
    assertThat(receiver.receive(employeeUpdated("evt-effect")).status()).isEqualTo(200);
    assertThat(effectRows()).isEqualTo(1);
  }

  @Test
  void exactlyOnceHandlerThatFailsLeavesNoEffectAndItsRetryAppliesOne() throws Exception {
    JdbcIdempotencyStore store = store().build();
    AtomicInteger runs = new AtomicInteger();
    WebhookReceiver receiver = effectsReceiver(store, runs, 1, null);

    WebhookResponse failed = receiver.receive(employeeUpdated("evt-effect"));

    assertThat(failed.status()).isEqualTo(503);
    assertThat(effectRows()).as("rolled back with the failure").isZero();
    assertThat(rows("1 = 1")).as("no mark, and the claim released").isZero();

    assertThat(receiver.receive(employeeUpdated("evt-effect")).status()).isEqualTo(200);
    assertThat(runs).hasValue(2);
    assertThat(effectRows()).isEqualTo(1);
  }

  @Test
  void exactlyOnceRunTakenOverMidwayWaitsForTheFirstAndSkips() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch hold = new CountDownLatch(1);
    WebhookReceiver slow = effectsReceiver(store().build(), runs, 0, hold);
    // Built first: creating the table would wait for the first run's locks.
    AtomicInteger otherRuns = new AtomicInteger();
    WebhookReceiver other = effectsReceiver(store().build(), otherRuns, 0, null);
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try {
      Future<WebhookResponse> first =
          executor.submit(() -> slow.receive(employeeUpdated("evt-effect")));
      while (runs.get() == 0) {
        Thread.sleep(1);
      }
      // The first run outlives its lease: another instance takes the delivery over.
      clock().advance(LEASE.plusSeconds(1));
      Future<WebhookResponse> second =
          executor.submit(() -> other.receive(employeeUpdated("evt-effect")));
      Thread.sleep(200);
      assertThat(second).as("waits for the first run's mark").isNotDone();

      hold.countDown();

      assertThat(first.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
      assertThat(second.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
      assertThat(runs).hasValue(1);
      assertThat(otherRuns).hasValue(0);
      assertThat(effectRows()).isEqualTo(1);
    } finally {
      hold.countDown();
      executor.shutdownNow();
    }
  }

  @Test
  void exactlyOnceHandlerNamesAreChecked() {
    JdbcIdempotencyStore store = store().build();

    assertThatThrownBy(() -> store.exactlyOnce("x".repeat(201), (event, connection) -> {}))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessageStartingWith("handler name must be 1 to 200 ASCII letters");
    for (String name : List.of("", "a b", "a|b", "a@b", "effect:x", "é")) {
      assertThatThrownBy(() -> store.exactlyOnce(name, (event, connection) -> {}))
          .isInstanceOf(WebhookConfigurationException.class)
          .hasMessage(
              "handler name must be 1 to 200 ASCII letters, digits, '.', '-', '_', '$' or '#', but"
                  + " was \""
                  + name
                  + "\"");
    }
    assertThat(store.exactlyOnce("lucca.Listeners$Sync#onUpdate", (event, connection) -> {}))
        .isNotNull();
  }

  @Test
  void unreachableDatabaseAnswers503AndRunsNoHandler() {
    JdbcIdempotencyStore down =
        JdbcIdempotencyStore.builder(unreachable()).dialect(dialect()).tableName(table).build();
    AtomicInteger runs = new AtomicInteger();

    WebhookResponse response = receiver(down, runs).receive(employeeUpdated("evt-down"));

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.headers()).containsEntry("Retry-After", "5");
    assertThat(response.bodyText()).isEqualTo("deduplication store unavailable; retry later");
    assertThat(runs).hasValue(0);
    assertThatThrownBy(down::check)
        .isInstanceOf(IdempotencyStoreException.class)
        .hasMessageStartingWith(
            "JDBC idempotency store failed to check (table " + table + ", SQLState ")
        .hasCauseInstanceOf(SQLException.class);
    assertThatThrownBy(() -> down.claim("evt_1"))
        .isInstanceOf(IdempotencyStoreException.class)
        .hasMessageStartingWith(
            "JDBC idempotency store failed to claim (table " + table + ", SQLState ")
        .hasMessageNotContaining("evt_1");
  }

  @Test
  void databaseLostAfterStartAnswers503AndRunsNoHandler() {
    HikariDataSource lost = newPool(false);
    AtomicInteger runs = new AtomicInteger();
    JdbcIdempotencyStore store = store(lost).build();
    WebhookReceiver receiver = receiver(store, runs);
    assertThat(receiver.receive(employeeUpdated("evt-1")).status()).isEqualTo(200);

    lost.close();
    WebhookResponse response = receiver.receive(employeeUpdated("evt-2"));

    assertThat(response.status()).isEqualTo(503);
    assertThat(runs).hasValue(1);
    assertThatThrownBy(store::check).isInstanceOf(IdempotencyStoreException.class);
  }

  @Test
  void checkPassesOnTheTableAndFailsWithoutIt() {
    JdbcIdempotencyStore missing = store().createTable(false).build();
    assertThatThrownBy(missing::check)
        .isInstanceOf(IdempotencyStoreException.class)
        .hasMessageStartingWith(
            "JDBC idempotency store failed to check (table " + table + ", SQLState ");

    JdbcIdempotencyStore store = store().build();

    assertThatCode(store::check).doesNotThrowAnyException();
    assertThatCode(missing::check).doesNotThrowAnyException();
  }

  @Test
  void tableCreationIsIdempotentAndKeepsRows() {
    JdbcIdempotencyStore first = store().build();
    Claim claim = first.claim("evt_1");

    JdbcIdempotencyStore second = store().build();

    assertThat(second.claim("evt_1").status()).isEqualTo(ClaimStatus.IN_FLIGHT);
    second.complete(claim);
    assertThat(first.claim("evt_1").status()).isEqualTo(ClaimStatus.DONE);
  }

  @Test
  void instancesStartingTogetherAllCreateTheTable() throws Exception {
    int instances = 4;
    ExecutorService executor = Executors.newFixedThreadPool(instances);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<JdbcIdempotencyStore>> builds = new ArrayList<>();
      for (int i = 0; i < instances; i++) {
        builds.add(
            executor.submit(
                () -> {
                  start.await();
                  return store().build();
                }));
      }
      start.countDown();
      for (Future<JdbcIdempotencyStore> build : builds) {
        assertThatCode(build.get(30, TimeUnit.SECONDS)::check).doesNotThrowAnyException();
      }
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void schemaQualifiedTableNameWorks() throws SQLException {
    JdbcIdempotencyStore store = store().tableName(schemaPrefix() + table).build();

    store.complete(store.claim("evt_1"));

    assertThat(rows("state = 'DONE'")).isEqualTo(1);
    assertThat(store.toString()).contains("table=" + schemaPrefix() + table);
  }

  @Test
  void dialectIsDetectedFromTheConnection() {
    JdbcIdempotencyStore store =
        JdbcIdempotencyStore.builder(pool).tableName(table).createTable(true).build();

    assertThat(store.toString()).contains("dialect=" + dialect());
    assertThat(store.claim("evt_1").status()).isEqualTo(ClaimStatus.NEW);
  }

  @Test
  void manualCommitConnectionsAreCommittedAfterEachStatement() throws SQLException {
    try (HikariDataSource manual = newPool(true)) {
      JdbcIdempotencyStore store = store(manual).build();

      Claim released = store.claim("evt_released");
      store.release(released);
      store.complete(store.claim("evt_done"));
      Claim inFlight = store.claim("evt_in_flight");

      assertThat(inFlight.status()).isEqualTo(ClaimStatus.NEW);
      assertThat(store.claim("evt_in_flight").status()).isEqualTo(ClaimStatus.IN_FLIGHT);
      assertThat(rows("idempotency_key = 'evt_done' AND state = 'DONE'")).isEqualTo(1);
      assertThat(rows("idempotency_key = 'evt_in_flight' AND state = 'IN_FLIGHT'")).isEqualTo(1);
      assertThat(rows("idempotency_key = 'evt_released'")).isZero();
      clock().advance(RETENTION.plusMinutes(1));
      assertThat(store.purgeExpired()).isEqualTo(1);
      assertThatCode(store::check).doesNotThrowAnyException();
    }
  }
}
