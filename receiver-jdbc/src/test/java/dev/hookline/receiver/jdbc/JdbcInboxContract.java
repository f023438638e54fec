package dev.hookline.receiver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.hookline.receiver.InboxWorker;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.InboxException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.dispatch.EventHandler;
import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.inbox.InboxMessage;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.lucca.LuccaTopics;
import dev.hookline.receiver.test.InboxContract;
import dev.hookline.receiver.test.TestSigners;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What {@link JdbcInbox} must do on every dialect, on a real database: each subclass names one. The
 * test kit's contract of every inbox, then what is the JDBC inbox's own (its table, error
 * recording, database faults and outages, instances sharing the table). Every test works on a table
 * of its own, dropped afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcInboxContract extends InboxContract<JdbcInbox> {

  HikariDataSource pool;
  private String table;

  /** The dialect under test. */
  abstract Dialect dialect();

  /** The connection settings of the test database; the contract opens and closes the pools. */
  abstract HikariConfig poolConfig();

  /** An unpooled data source whose database cannot be reached (nothing listens on its port). */
  abstract DataSource unreachable();

  @BeforeAll
  void openPool() {
    pool = newPool("shared");
  }

  @AfterAll
  void closePool() {
    pool.close();
  }

  @BeforeEach
  void newTable() {
    byte[] suffix = new byte[6];
    ThreadLocalRandom.current().nextBytes(suffix);
    table = "hookline_inbox_test_" + HexFormat.of().formatHex(suffix);
  }

  @AfterEach
  void dropTable() throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + table);
      DatabaseFault.drop(dialect(), statement, fault());
    }
  }

  private String fault() {
    return table + "_fault";
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

  HikariDataSource newPool(String name) {
    HikariConfig config = poolConfig();
    config.setMaximumPoolSize(8);
    config.setMinimumIdle(1);
    config.setPoolName(dialect() + "-inbox-" + name);
    return new HikariDataSource(config);
  }

  @Override
  protected JdbcInbox createInbox() {
    return inbox();
  }

  /** An inbox on the shared pool and the test's clock, creating the test's table. */
  JdbcInbox inbox() {
    return inbox(pool, clock());
  }

  JdbcInbox inbox(DataSource dataSource, Clock inboxClock) {
    return JdbcInbox.builder(dataSource)
        .dialect(dialect())
        .tableName(table)
        .retention(RETENTION)
        .clock(inboxClock)
        .createTable(true)
        .build();
  }

  /**
   * A signed {@code employee.updated} delivery of the event id, about an employee of its own (so
   * that deliveries are not kept in one employee's line); its key is {@code source|id}.
   */
  static WebhookRequest employeeUpdated(String eventId) {
    return SignedRequests.lucca(TestSigners.LUCCA_SECRET)
        .event(LuccaFixtures.employeeUpdated().id(eventId).data("id", "employee-of-" + eventId))
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

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what + " within 30 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  /**
   * An accept of a key done before the retention deletes the old row, then stores the event; when a
   * purge removes the row between the accept's first insert and its delete, the event is stored all
   * the same (it was answered as a duplicate, and lost).
   */
  @Test
  void aKeyPurgedWhileAnAcceptStoresItAnewIsStored() throws SQLException {
    JdbcInbox plain = inbox();
    plain.accept("evt_old", "t", request("{}"));
    plain.succeeded(plain.take(1, LEASE).get(0));
    clock().advance(RETENTION.plusMinutes(1));
    AtomicBoolean purged = new AtomicBoolean();
    JdbcInbox purgedMeanwhile =
        inbox(
            ConnectionHooks.hooked(
                pool,
                (connection, method, args) -> {
                  if (method.getName().equals("prepareStatement")
                      && ((String) args[0]).contains("idempotency_key = ? AND state")
                      && purged.compareAndSet(false, true)) {
                    assertThat(plain.purgeExpired()).isEqualTo(1);
                  }
                }),
            clock());

    boolean stored = purgedMeanwhile.accept("evt_old", "t", request("{\"again\":1}"));

    assertThat(purged).isTrue();
    assertThat(stored).isTrue();
    assertThat(rows("idempotency_key = 'evt_old' AND state = 'PENDING'")).isEqualTo(1);
  }

  @Test
  void acceptedEventIsOnePendingRowWithoutAttempts() throws SQLException {
    JdbcInbox inbox = inbox();

    assertThat(inbox.accept("evt_1", "employee.updated", request("{\"n\":1}"))).isTrue();

    assertThat(rows("idempotency_key = 'evt_1' AND state = 'PENDING' AND attempts = 0"))
        .isEqualTo(1);
  }

  @Test
  void recordedErrorsAreCutToTheLimitAndFreeOfNul() {
    JdbcInbox inbox = inbox();
    inbox.accept("evt_old", "t", request("{}"));
    clock().advance(Duration.ofSeconds(1));
    inbox.accept("evt_new", "t", request("{}"));
    clock().advance(Duration.ofSeconds(1));
    String longError = "x".repeat(JdbcInbox.MAX_ERROR_LENGTH + 500);
    for (InboxMessage message : inbox.take(2, LEASE)) {
      // NUL, which PostgreSQL refuses in text, must not make the error's recording fail.
      inbox.dead(message, message.key().equals("evt_old") ? longError : "bug\u0000");
    }

    List<InboxMessage> dead = inbox.deadMessages(10);
    assertThat(dead.get(0).lastError()).contains("x".repeat(JdbcInbox.MAX_ERROR_LENGTH));
    assertThat(dead.get(1).lastError()).contains("bug\uFFFD");
    assertThat(inbox.requeue("evt_new")).isTrue();
    InboxMessage requeued = inbox.take(1, LEASE).get(0);
    assertThat(requeued.key()).isEqualTo("evt_new");
    assertThat(requeued.lastError()).contains("bug\uFFFD");
  }

  @Test
  void purgeDeletesOnlyDoneMessagesOlderThanTheRetention() throws SQLException {
    JdbcInbox inbox =
        JdbcInbox.builder(pool)
            .dialect(dialect())
            .tableName(table)
            .retention(RETENTION)
            .clock(clock())
            .purgeBatchSize(2)
            .createTable(true)
            .build();
    for (int i = 0; i < 5; i++) {
      inbox.accept("done_" + i, "t", request("{}"));
    }
    inbox.take(5, LEASE).forEach(inbox::succeeded);
    inbox.accept("dead", "t", request("{}"));
    inbox.dead(inbox.take(1, LEASE).get(0), "bug");
    inbox.accept("pending", "t", request("{}"));
    clock().advance(RETENTION.plusMinutes(1));
    inbox.accept("recent", "t", request("{}"));
    inbox.succeeded(
        inbox.take(5, LEASE).stream()
            .filter(m -> m.key().equals("recent"))
            .findFirst()
            .orElseThrow());

    assertThat(inbox.purgeExpired()).isEqualTo(5);
    assertThat(rows("1 = 1")).isEqualTo(3);
    assertThat(inbox.purgeExpired()).isZero();
    assertThat(inbox.deadCount()).isEqualTo(1);
  }

  @Test
  void tableCreationIsIdempotentAndTheDialectIsDetected() {
    inbox().accept("evt_1", "t", request("{}"));

    JdbcInbox detected =
        JdbcInbox.builder(pool).tableName(table).clock(clock()).createTable(true).build();

    assertThat(detected.toString()).contains("dialect=" + dialect());
    assertThat(detected.backlog()).isEqualTo(1);
    assertThat(detected.accept("evt_1", "t", request("{}"))).isFalse();
  }

  /** Runs a one-thread worker on the receiver until the condition holds. */
  private static void runUntil(WebhookReceiver receiver, String what, BooleanSupplier condition)
      throws InterruptedException {
    InboxWorker worker =
        InboxWorker.builder(receiver)
            .threads(1)
            .pollInterval(Duration.ofMillis(10))
            .build()
            .start();
    try {
      await(what, condition);
    } finally {
      worker.close();
    }
  }

  /**
   * A signed event id may escape any character: one holding a NUL, or an unpaired surrogate, is
   * accepted (not 503 on every try), handled once by the worker under its own id, and its copy is
   * answered as a duplicate.
   */
  @Test
  void signedEventsWhoseIdsHoldANulOrAnUnpairedSurrogateAreHandledOnce() throws Exception {
    JdbcInbox inbox = inbox(pool, Clock.systemUTC());
    List<String> handled = Collections.synchronizedList(new ArrayList<>());
    WebhookReceiver receiver =
        Lucca.receiver(TestSigners.LUCCA_SECRET)
            .async(inbox)
            .on(LuccaTopics.EMPLOYEE_UPDATED, event -> handled.add(event.id()))
            .build();
    List<String> ids = List.of("evt\u0000nul", "evt\uD800", "evt-plain");
    for (String id : ids) {
      assertThat(receiver.receive(employeeUpdated(id)).status()).as(id).isEqualTo(202);
    }

    runUntil(receiver, "messages done", () -> inbox.backlog() == 0);

    assertThat(handled).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(inbox.deadCount()).isZero();
    for (String id : ids) {
      assertThat(receiver.receive(employeeUpdated(id)).status()).as(id).isEqualTo(200);
    }
    assertThat(rows("1 = 1")).isEqualTo(3);
  }

  @Test
  void successTheDatabaseFailsToRecordOnceIsRecordedAgainWithoutRunningTheHandlerAgain()
      throws Exception {
    JdbcInbox inbox = inbox(pool, Clock.systemUTC());
    injectFault(InboxSql.DONE);
    AtomicInteger runs = new AtomicInteger();
    WebhookReceiver receiver =
        Lucca.receiver(TestSigners.LUCCA_SECRET)
            .async(inbox)
            .on(LuccaTopics.EMPLOYEE_UPDATED, event -> runs.incrementAndGet())
            .build();
    assertThat(receiver.receive(employeeUpdated("evt-1")).status()).isEqualTo(202);

    runUntil(receiver, "message done", () -> inbox.backlog() == 0);

    assertThat(runs).hasValue(1);
    // The UPDATE that failed, then the same recording again.
    assertThat(faultHits()).isEqualTo(2);
    assertThat(rows("state = 'DONE' AND attempts = 0 AND last_error IS NULL")).isEqualTo(1);
    assertThat(inbox.deadCount()).isZero();
  }

  /**
   * A worker that dies after its exactly-once handler committed, before the inbox recorded the
   * success: the message is taken again once the lease expires, and the effect is not applied
   * again.
   */
  @Test
  void exactlyOnceEffectsOfAWorkerThatDiesAfterItsHandlerAreNotAppliedAgain() throws Exception {
    String marks = table + "_marks";
    String effects = table + "_effects";
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE " + effects + " (event_id VARCHAR(64) NOT NULL)");
    }
    AtomicInteger runs = new AtomicInteger();
    EventHandler record =
        JdbcIdempotencyStore.builder(pool)
            .dialect(dialect())
            .tableName(marks)
            .createTable(true)
            .build()
            .exactlyOnce(
                "record-effect",
                (event, connection) -> {
                  try (PreparedStatement insert =
                      connection.prepareStatement("INSERT INTO " + effects + " VALUES (?)")) {
                    insert.setString(1, event.id());
                    insert.executeUpdate();
                  }
                  runs.incrementAndGet();
                });
    Set<Thread> deadThreads = ConcurrentHashMap.newKeySet();
    JdbcInbox inbox = inbox(pool, Clock.systemUTC());
    WebhookReceiver dying =
        Lucca.receiver(TestSigners.LUCCA_SECRET)
            .async(inbox)
            .on(
                LuccaTopics.EMPLOYEE_UPDATED,
                event -> {
                  record.handle(event);
                  // The crash: the effect is committed, the success never recorded.
                  deadThreads.add(Thread.currentThread());
                  while (!Thread.currentThread().isInterrupted()) {
                    LockSupport.park();
                  }
                  throw new IllegalStateException("the instance is gone");
                })
            .build();
    assertThat(dying.receive(employeeUpdated("evt-effect")).status()).isEqualTo(202);
    InboxWorker dead =
        InboxWorker.builder(dying)
            .threads(1)
            .lease(Duration.ofSeconds(1))
            .pollInterval(Duration.ofMillis(10))
            .drainTimeout(Duration.ofMillis(50))
            .build()
            .start();
    try {
      await("the handler committed and died", () -> deadThreads.size() == 1);
      WebhookReceiver survivor =
          Lucca.receiver(TestSigners.LUCCA_SECRET)
              .async(inbox(pool, Clock.systemUTC()))
              .on(LuccaTopics.EMPLOYEE_UPDATED, record)
              .build();

      runUntil(survivor, "the message taken over and done", () -> inbox.backlog() == 0);

      assertThat(runs).hasValue(1);
      assertThat(rows("state = 'DONE'")).isEqualTo(1);
      try (Connection connection = pool.getConnection();
          Statement statement = connection.createStatement();
          ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM " + effects)) {
        result.next();
        assertThat(result.getLong(1)).isEqualTo(1);
      }
    } finally {
      dead.close();
      for (Thread thread : deadThreads) {
        thread.join(5_000);
      }
      try (Connection connection = pool.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("DROP TABLE IF EXISTS " + effects);
        statement.execute("DROP TABLE IF EXISTS " + marks);
      }
    }
  }

  /**
   * 1,000 events for 10 employees, accepted in turn, handled by four workers in parallel while
   * every seventh event fails its first attempt: each employee's events run in the order they were
   * accepted, each once, and different employees' events overlap.
   */
  @Test
  void eachEntitysEventsRunInAcceptanceOrderDespiteRetriesAndWorkersInParallel() throws Exception {
    int entities = 10;
    int perEntity = 100;
    Map<String, List<Integer>> handled = new ConcurrentHashMap<>();
    Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    WebhookReceiver receiver =
        Lucca.receiver(TestSigners.LUCCA_SECRET)
            .async(inbox(pool, Clock.systemUTC()))
            .on(
                LuccaTopics.EMPLOYEE_UPDATED,
                event -> {
                  mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                  try {
                    int n = Integer.parseInt(event.id().substring(event.id().indexOf('-') + 1));
                    if (n % 7 == 3 && failedOnce.add(event.id())) {
                      throw new IllegalStateException("downstream unavailable");
                    }
                    Thread.sleep(1);
                    handled
                        .computeIfAbsent(
                            event.data().path("id").asText(),
                            k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                        .add(n);
                  } finally {
                    running.decrementAndGet();
                  }
                })
            .build();
    for (int n = 0; n < perEntity; n++) {
      for (int e = 0; e < entities; e++) {
        WebhookRequest request =
            SignedRequests.lucca(TestSigners.LUCCA_SECRET)
                .event(LuccaFixtures.employeeUpdated().id("e" + e + "-" + n).data("id", "E" + e))
                .build();
        assertThat(receiver.receive(request).status()).isEqualTo(202);
      }
    }

    InboxWorker worker =
        InboxWorker.builder(receiver)
            .threads(4)
            .backoff(Duration.ofMillis(20), Duration.ofMillis(50))
            .pollInterval(Duration.ofMillis(5))
            .build()
            .start();
    try {
      await(
          "every event handled",
          () -> handled.values().stream().mapToInt(List::size).sum() == entities * perEntity);
    } finally {
      worker.close();
    }

    List<Integer> inOrder = java.util.stream.IntStream.range(0, perEntity).boxed().toList();
    for (int e = 0; e < entities; e++) {
      assertThat(handled.get("E" + e)).as("employee E%d", e).isEqualTo(inOrder);
    }
    assertThat(failedOnce).hasSize(entities * ((perEntity + 3) / 7));
    assertThat(mostAtOnce.get()).as("employees handled in parallel").isGreaterThan(1);
    assertThat(rows("state = 'DONE'")).isEqualTo(entities * perEntity);
  }

  /** A type the deliveries' data does not bind to: its given name is text. */
  record NumberedName(int givenName) {}

  @Test
  void unbindableMessageIsDeadAfterOneAttemptEvenWhenTheDatabaseFailsToRecordItOnce()
      throws Exception {
    JdbcInbox inbox = inbox(pool, Clock.systemUTC());
    injectFault(InboxSql.DEAD);
    AtomicInteger runs = new AtomicInteger();
    WebhookReceiver receiver =
        Lucca.receiver(TestSigners.LUCCA_SECRET)
            .async(inbox)
            .on(
                LuccaTopics.EMPLOYEE_UPDATED,
                NumberedName.class,
                (name, event) -> runs.incrementAndGet())
            .build();
    assertThat(receiver.receive(employeeUpdated("evt-1")).status()).isEqualTo(202);

    runUntil(receiver, "message dead", () -> inbox.deadCount() == 1);

    assertThat(runs).hasValue(0);
    assertThat(faultHits()).isEqualTo(2);
    assertThat(inbox.backlog()).isZero();
    InboxMessage dead = inbox.deadMessages(1).get(0);
    assertThat(dead.attempts()).isEqualTo(1);
    assertThat(dead.lastError().orElseThrow())
        .contains("EventBindingException", NumberedName.class.getSimpleName());
  }

  @Test
  void manualCommitConnectionsAreCommittedAfterEachStep() throws SQLException {
    HikariConfig config = poolConfig();
    config.setMaximumPoolSize(2);
    config.setAutoCommit(false);
    config.setPoolName(dialect() + "-inbox-manual-commit");
    try (HikariDataSource manual = new HikariDataSource(config)) {
      JdbcInbox inbox = inbox(manual, clock());
      for (String key : List.of("evt_done", "evt_dead", "evt_retried", "evt_taken")) {
        assertThat(inbox.accept(key, "t", request("{}"))).isTrue();
      }
      assertThat(inbox.accept("evt_done", "t", request("{}"))).isFalse();
      for (InboxMessage message : inbox.take(4, LEASE)) {
        switch (message.key()) {
          case "evt_done" -> inbox.succeeded(message);
          case "evt_dead" -> inbox.dead(message, "bug");
          case "evt_retried" -> inbox.retry(message, clock().instant().plusSeconds(60), "later");
          default -> {}
        }
      }
      assertThat(inbox.requeue("evt_dead")).isTrue();

      assertThat(rows("idempotency_key = 'evt_done' AND state = 'DONE'")).isEqualTo(1);
      assertThat(rows("idempotency_key = 'evt_dead' AND state = 'PENDING'")).isEqualTo(1);
      assertThat(rows("idempotency_key = 'evt_retried' AND state = 'PENDING' AND attempts = 1"))
          .isEqualTo(1);
      assertThat(rows("idempotency_key = 'evt_taken' AND state = 'TAKEN'")).isEqualTo(1);
      assertThat(inbox.backlog()).isEqualTo(3);
      clock().advance(RETENTION.plusMinutes(1));
      assertThat(inbox.purgeExpired()).isEqualTo(1);
      inbox.check();
    }
  }

  @Test
  void unreachableDatabaseFailsWithInboxExceptionAndTheReceiverAnswers503() {
    JdbcInbox down = JdbcInbox.builder(unreachable()).dialect(dialect()).tableName(table).build();
    WebhookReceiver receiver =
        Lucca.receiver(TestSigners.LUCCA_SECRET)
            .async(down)
            .on(LuccaTopics.EMPLOYEE_UPDATED, event -> {})
            .build();

    assertThat(receiver.receive(employeeUpdated("evt-down")).status()).isEqualTo(503);
    assertThatThrownBy(() -> down.accept("evt_1", "t", request("{}")))
        .isInstanceOf(InboxException.class)
        .hasMessageStartingWith("JDBC inbox failed to accept (table " + table + ", SQLState ")
        .hasMessageNotContaining("evt_1")
        .hasCauseInstanceOf(SQLException.class);
    assertThatThrownBy(() -> down.take(1, LEASE))
        .isInstanceOf(InboxException.class)
        .hasMessageStartingWith("JDBC inbox failed to take (table " + table);
    assertThatThrownBy(down::backlog)
        .isInstanceOf(InboxException.class)
        .hasMessageStartingWith("JDBC inbox failed to count the backlog (table " + table);
  }

  /**
   * The end-to-end scenario: instance A accepts 200 events and dies while its worker is
   * busy; instance B, on the same table, handles everything A left, each event exactly once.
   */
  @Test
  void crashedInstanceLeavesNothingUnhandledAndNothingHandledTwice() throws Exception {
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    AtomicBoolean crashed = new AtomicBoolean();
    Set<String> abandoned = ConcurrentHashMap.newKeySet();
    Set<Thread> deadThreads = ConcurrentHashMap.newKeySet();
    JdbcInbox inboxA = inbox(pool, Clock.systemUTC());
    WebhookReceiver receiverA =
        Lucca.receiver(TestSigners.LUCCA_SECRET)
            .async(inboxA)
            .on(
                LuccaTopics.EMPLOYEE_UPDATED,
                event -> {
                  if (crashed.get()) {
                    // The crash: this thread stops dead, its message stays TAKEN under its lease.
                    deadThreads.add(Thread.currentThread());
                    abandoned.add(event.id());
                    while (!Thread.currentThread().isInterrupted()) {
                      LockSupport.park();
                    }
                    throw new IllegalStateException("instance A is gone");
                  }
                  Thread.sleep(20);
                  runs.computeIfAbsent(event.id(), k -> new AtomicInteger()).incrementAndGet();
                })
            .build();
    for (int i = 0; i < 200; i++) {
      WebhookResponse response = receiverA.receive(employeeUpdated("e" + i));
      assertThat(response.status()).as("e" + i).isEqualTo(202);
    }
    assertThat(receiverA.receive(employeeUpdated("e7")).status()).isEqualTo(200);
    assertThat(inboxA.backlog()).isEqualTo(200);

    InboxWorker workerA =
        InboxWorker.builder(receiverA)
            .threads(2)
            .lease(Duration.ofSeconds(2))
            .pollInterval(Duration.ofMillis(10))
            .drainTimeout(Duration.ofMillis(50))
            .build()
            .start();
    HikariDataSource poolB = newPool("b");
    InboxWorker workerB = null;
    try {
      await("20 events handled by A", () -> runs.size() >= 20);
      crashed.set(true);
      await("both of A's threads dead", () -> abandoned.size() == 2);
      int handledByA = runs.size();
      assertThat(handledByA).isLessThan(200);

      AtomicInteger flakyAttempts = new AtomicInteger();
      List<Long> flakyTimes = new ArrayList<>();
      AtomicInteger brokenAttempts = new AtomicInteger();
      AtomicBoolean fixed = new AtomicBoolean();
      JdbcInbox inboxB = inbox(poolB, Clock.systemUTC());
      WebhookReceiver receiverB =
          Lucca.receiver(TestSigners.LUCCA_SECRET)
              .async(inboxB)
              .on(
                  LuccaTopics.EMPLOYEE_UPDATED,
                  event -> {
                    if (event.id().equals("flaky")) {
                      synchronized (flakyTimes) {
                        flakyTimes.add(System.nanoTime());
                      }
                      if (flakyAttempts.incrementAndGet() <= 2) {
                        throw new IllegalStateException("downstream unavailable");
                      }
                    } else if (event.id().equals("broken")) {
                      brokenAttempts.incrementAndGet();
                      if (!fixed.get()) {
                        throw new IllegalStateException("bug in handler");
                      }
                    } else {
                      Thread.sleep(20);
                    }
                    runs.computeIfAbsent(event.id(), k -> new AtomicInteger()).incrementAndGet();
                  })
              .build();
      assertThat(receiverB.receive(employeeUpdated("e0")).status()).isEqualTo(200);
      assertThat(receiverB.receive(employeeUpdated("flaky")).status()).isEqualTo(202);
      assertThat(receiverB.receive(employeeUpdated("broken")).status()).isEqualTo(202);
      workerB =
          InboxWorker.builder(receiverB)
              .threads(4)
              .maxAttempts(3)
              .backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
              .lease(LEASE)
              .pollInterval(Duration.ofMillis(10))
              .build()
              .start();

      await("backlog drained", () -> inboxB.backlog() == 0);

      for (int i = 0; i < 200; i++) {
        assertThat(runs.get("e" + i)).as("runs of e" + i).hasValue(1);
      }
      assertThat(flakyAttempts).hasValue(3);
      assertThat(runs.get("flaky")).hasValue(1);
      synchronized (flakyTimes) {
        // Backoff waits at least half of 100 ms, then half of 200 ms, before the retries.
        assertThat(TimeUnit.NANOSECONDS.toMillis(flakyTimes.get(2) - flakyTimes.get(0)))
            .isGreaterThanOrEqualTo(150);
      }
      assertThat(inboxB.deadCount()).isEqualTo(1);
      InboxMessage dead = inboxB.deadMessages(10).get(0);
      assertThat(dead.key()).isEqualTo("lucca|" + LuccaFixtures.SOURCE + "|broken");
      assertThat(dead.attempts()).isEqualTo(3);
      assertThat(dead.lastError().orElseThrow()).contains("IllegalStateException: bug in handler");
      assertThat(brokenAttempts).hasValue(3);
      assertThat(runs).doesNotContainKey("broken");

      fixed.set(true);
      assertThat(inboxB.requeue("lucca|" + LuccaFixtures.SOURCE + "|broken")).isTrue();
      await("requeued message handled", () -> inboxB.backlog() == 0 && inboxB.deadCount() == 0);
      assertThat(brokenAttempts).hasValue(4);
      assertThat(runs.get("broken")).hasValue(1);
      assertThat(runs).hasSize(202);
      // A's abandoned messages were taken over by B once A's lease expired.
      assertThat(abandoned).allSatisfy(id -> assertThat(runs.get(id)).hasValue(1));
      assertThat(rows("state = 'DONE'")).isEqualTo(202);
    } finally {
      if (workerB != null) {
        workerB.close();
      }
      // Wakes A's dead threads: their stale tokens settle nothing.
      workerA.close();
      for (Thread thread : deadThreads) {
        thread.join(5_000);
      }
      poolB.close();
    }
    assertThat(rows("state = 'DONE'")).isEqualTo(202);
    assertThat(runs.values()).allSatisfy(count -> assertThat(count).hasValue(1));
  }
}
