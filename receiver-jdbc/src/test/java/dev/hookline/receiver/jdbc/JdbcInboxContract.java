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
import dev.hookline.receiver.inbox.InboxMessage;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.lucca.LuccaTopics;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * What {@link JdbcInbox} must do on every dialect, on a real database: each subclass names one.
 * Every test works on a table of its own, dropped afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcInboxContract {

  static final Duration LEASE = Duration.ofSeconds(30);
  static final Duration RETENTION = Duration.ofHours(1);
  static final String LUCCA_SOURCE = "https://example.ilucca.net";

  private HikariDataSource pool;
  private MutableClock clock;
  private String table;

  /** The dialect under test. */
  abstract Dialect dialect();

  /** The connection settings of the test database; the contract opens and closes the pools. */
  abstract HikariConfig poolConfig();

  /** An unpooled data source whose database cannot be reached (nothing listens on its port). */
  abstract DataSource unreachable();

  /**
   * Installs a fault named {@code fault} on the table, with this dialect's trigger: the first
   * UPDATE that sets a row's state to {@code state} fails, as a transient database fault would;
   * later ones pass.
   */
  abstract void injectFault(Statement statement, String table, String fault, String state)
      throws SQLException;

  /** How many UPDATEs to its state the fault saw, the failed one included. */
  abstract long faultHits(Statement statement, String fault) throws SQLException;

  /** Drops what the fault created besides its trigger (dropped with the table); none is fine. */
  abstract void dropFault(Statement statement, String fault) throws SQLException;

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
    clock = new MutableClock();
    byte[] suffix = new byte[6];
    ThreadLocalRandom.current().nextBytes(suffix);
    table = "hookline_inbox_test_" + HexFormat.of().formatHex(suffix);
  }

  @AfterEach
  void dropTable() throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + table);
      dropFault(statement, fault());
    }
  }

  private String fault() {
    return table + "_fault";
  }

  private void injectFault(String state) throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      injectFault(statement, table, fault(), state);
    }
  }

  private long faultHits() throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      return faultHits(statement, fault());
    }
  }

  HikariDataSource newPool(String name) {
    HikariConfig config = poolConfig();
    config.setMaximumPoolSize(8);
    config.setMinimumIdle(1);
    config.setPoolName(dialect() + "-inbox-" + name);
    return new HikariDataSource(config);
  }

  /** An inbox on the shared pool and the test's clock, creating the test's table. */
  JdbcInbox inbox() {
    return inbox(pool, clock);
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

  static WebhookRequest request(String body) {
    return WebhookRequest.builder()
        .header("Content-Type", "application/json")
        .header("X-Trace", "a")
        .header("X-Trace", "b")
        .body(body.getBytes(StandardCharsets.UTF_8))
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

  @Test
  void acceptedEventIsStoredOnceAndItsKeyStaysKnownUntilTheRetention() throws SQLException {
    JdbcInbox inbox = inbox();

    assertThat(inbox.accept("evt_1", "employee.updated", request("{\"n\":1}"))).isTrue();
    assertThat(inbox.accept("evt_1", "employee.updated", request("{\"n\":2}"))).isFalse();
    assertThat(inbox.backlog()).isEqualTo(1);
    assertThat(rows("idempotency_key = 'evt_1' AND state = 'PENDING' AND attempts = 0"))
        .isEqualTo(1);

    InboxMessage message = inbox.take(5, LEASE).get(0);
    assertThat(message.key()).isEqualTo("evt_1");
    assertThat(message.topic()).isEqualTo("employee.updated");
    assertThat(message.headers())
        .containsEntry("content-type", List.of("application/json"))
        .containsEntry("x-trace", List.of("a", "b"));
    assertThat(new String(message.body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
    assertThat(message.attempts()).isZero();
    assertThat(message.nextAttemptAt()).isEqualTo(MutableClock.START);
    assertThat(message.lastError()).isEmpty();
    assertThat(message.token()).isNotEmpty();

    inbox.succeeded(message);
    assertThat(inbox.backlog()).isZero();
    assertThat(inbox.accept("evt_1", "employee.updated", request("{\"n\":3}"))).isFalse();
    clock.advance(RETENTION.plusMinutes(1));
    // Older than the retention: the key is unknown again, purged or not.
    assertThat(inbox.accept("evt_1", "employee.updated", request("{\"n\":4}"))).isTrue();
    InboxMessage again = inbox.take(1, LEASE).get(0);
    assertThat(new String(again.body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":4}");
    assertThat(again.nextAttemptAt()).isEqualTo(clock.instant());
  }

  @Test
  void leaseKeepsTheMessageFromOtherTakersUntilItExpiresThenTheOldTokenCannotSettleIt() {
    JdbcInbox inbox = inbox();
    inbox.accept("evt_1", "t", request("{}"));

    InboxMessage crashed = inbox.take(1, LEASE).get(0);
    assertThat(inbox.take(1, LEASE)).isEmpty();
    clock.advance(LEASE.minusMillis(1));
    assertThat(inbox.take(1, LEASE)).isEmpty();
    clock.advance(Duration.ofMillis(1));
    InboxMessage takenOver = inbox.take(1, LEASE).get(0);

    assertThat(takenOver.key()).isEqualTo("evt_1");
    assertThat(takenOver.token()).isNotEqualTo(crashed.token());
    inbox.succeeded(crashed);
    inbox.retry(crashed, clock.instant(), "stale");
    inbox.dead(crashed, "stale");
    inbox.handBack(crashed);
    assertThat(inbox.backlog()).isEqualTo(1);
    assertThat(inbox.deadCount()).isZero();
    assertThat(inbox.take(1, LEASE)).isEmpty();

    inbox.succeeded(takenOver);
    assertThat(inbox.backlog()).isZero();
    assertThat(inbox.accept("evt_1", "t", request("{}"))).isFalse();
  }

  @Test
  void retryMakesTheMessageDueAtTheGivenTimeWithTheAttemptAndErrorCounted() {
    JdbcInbox inbox = inbox();
    inbox.accept("evt_1", "t", request("{}"));
    Instant later = clock.instant().plusSeconds(10);

    inbox.retry(inbox.take(1, LEASE).get(0), later, "IllegalStateException: downstream down");

    assertThat(inbox.take(1, LEASE)).isEmpty();
    assertThat(inbox.backlog()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(10));
    InboxMessage retried = inbox.take(1, LEASE).get(0);
    assertThat(retried.attempts()).isEqualTo(1);
    assertThat(retried.nextAttemptAt()).isEqualTo(later);
    assertThat(retried.lastError()).contains("IllegalStateException: downstream down");

    inbox.handBack(retried);
    InboxMessage handedBack = inbox.take(1, LEASE).get(0);
    assertThat(handedBack.attempts()).isEqualTo(1);
    assertThat(handedBack.nextAttemptAt()).isEqualTo(clock.instant());
  }

  @Test
  void deadMessageIsListedOldestFirstAndCanBeRequeued() {
    JdbcInbox inbox = inbox();
    inbox.accept("evt_old", "t", request("{}"));
    clock.advance(Duration.ofSeconds(1));
    inbox.accept("evt_new", "t", request("{}"));
    clock.advance(Duration.ofSeconds(1));
    String longError = "x".repeat(JdbcInbox.MAX_ERROR_LENGTH + 500);
    for (InboxMessage message : inbox.take(2, LEASE)) {
      // NUL, which PostgreSQL refuses in text, must not make the error's recording fail.
      inbox.dead(message, message.key().equals("evt_old") ? longError : "bug\u0000");
    }

    assertThat(inbox.deadCount()).isEqualTo(2);
    assertThat(inbox.backlog()).isZero();
    assertThat(inbox.take(1, LEASE)).isEmpty();
    List<InboxMessage> dead = inbox.deadMessages(10);
    assertThat(dead).extracting(InboxMessage::key).containsExactly("evt_old", "evt_new");
    assertThat(dead.get(0).attempts()).isEqualTo(1);
    assertThat(dead.get(0).lastError()).contains("x".repeat(JdbcInbox.MAX_ERROR_LENGTH));
    assertThat(dead.get(1).lastError()).contains("bug\uFFFD");
    assertThat(dead.get(0).token()).isEmpty();
    assertThat(inbox.deadMessages(1)).extracting(InboxMessage::key).containsExactly("evt_old");
    assertThat(inbox.accept("evt_old", "t", request("{}"))).isFalse();

    assertThat(inbox.requeue("evt_new")).isTrue();
    assertThat(inbox.requeue("evt_new")).isFalse();
    assertThat(inbox.requeue("unknown")).isFalse();
    assertThat(inbox.deadCount()).isEqualTo(1);
    InboxMessage requeued = inbox.take(1, LEASE).get(0);
    assertThat(requeued.key()).isEqualTo("evt_new");
    assertThat(requeued.attempts()).isZero();
    assertThat(requeued.lastError()).contains("bug\uFFFD");
  }

  @Test
  void oddKeysAreStoredHashedAndComeBackAsGiven() {
    JdbcInbox inbox = inbox();
    String longKey = LUCCA_SOURCE + "|" + "k".repeat(JdbcIdempotencyStore.MAX_KEY_LENGTH);
    String trailingSpace = "evt ";

    assertThat(inbox.accept(longKey, "t", request("{}"))).isTrue();
    assertThat(inbox.accept(trailingSpace, "t", request("{}"))).isTrue();
    assertThat(inbox.accept("evt", "t", request("{}"))).isTrue();
    assertThat(inbox.accept(longKey, "t", request("{}"))).isFalse();

    List<InboxMessage> taken = inbox.take(3, LEASE);
    assertThat(taken).extracting(InboxMessage::key).containsOnly(longKey, trailingSpace, "evt");
    taken.forEach(message -> inbox.dead(message, "bug"));
    assertThat(inbox.requeue(longKey)).isTrue();
    assertThat(inbox.take(1, LEASE)).extracting(InboxMessage::key).containsExactly(longKey);
  }

  @Test
  void purgeDeletesOnlyDoneMessagesOlderThanTheRetention() throws SQLException {
    JdbcInbox inbox =
        JdbcInbox.builder(pool)
            .dialect(dialect())
            .tableName(table)
            .retention(RETENTION)
            .clock(clock)
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
    clock.advance(RETENTION.plusMinutes(1));
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
  void fourConcurrentTakersTakeEachOfAHundredMessagesExactlyOnce() throws Exception {
    JdbcInbox inbox = inbox();
    for (int i = 0; i < 100; i++) {
      inbox.accept("evt_" + i, "t", request("{}"));
    }
    Map<String, AtomicInteger> taken = new ConcurrentHashMap<>();
    AtomicInteger total = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService executor = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> takers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        takers.add(
            executor.submit(
                () -> {
                  start.await();
                  long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                  while (total.get() < 100 && System.nanoTime() < deadline) {
                    for (InboxMessage message : inbox.take(2, LEASE)) {
                      taken
                          .computeIfAbsent(message.key(), k -> new AtomicInteger())
                          .incrementAndGet();
                      total.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> taker : takers) {
        taker.get(60, TimeUnit.SECONDS);
      }
    } finally {
      executor.shutdownNow();
    }

    assertThat(taken).hasSize(100);
    assertThat(taken.values()).allSatisfy(count -> assertThat(count).hasValue(1));
    assertThat(total).hasValue(100);
    assertThat(inbox.take(10, LEASE)).isEmpty();
    assertThat(inbox.backlog()).isEqualTo(100);
  }

  @Test
  void concurrentCopiesOfOneDeliveryAreStoredOnce() throws Exception {
    JdbcInbox first = inbox();
    JdbcInbox second = inbox();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService executor = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> accepts = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        JdbcInbox instance = i % 2 == 0 ? first : second;
        accepts.add(
            executor.submit(
                () -> {
                  start.await();
                  return instance.accept("evt_1", "t", request("{}"));
                }));
      }
      start.countDown();
      int stored = 0;
      for (Future<Boolean> accept : accepts) {
        stored += accept.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(stored).isEqualTo(1);
    } finally {
      executor.shutdownNow();
    }
    assertThat(first.backlog()).isEqualTo(1);
  }

  @Test
  void tableCreationIsIdempotentAndTheDialectIsDetected() {
    inbox().accept("evt_1", "t", request("{}"));

    JdbcInbox detected =
        JdbcInbox.builder(pool).tableName(table).clock(clock).createTable(true).build();

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

  @Test
  void successTheDatabaseFailsToRecordOnceIsRecordedAgainWithoutRunningTheHandlerAgain()
      throws Exception {
    JdbcInbox inbox = inbox(pool, Clock.systemUTC());
    injectFault(InboxSql.DONE);
    AtomicInteger runs = new AtomicInteger();
    WebhookReceiver receiver =
        Lucca.receiver(LuccaDeliveries.SECRET)
            .async(inbox)
            .on(LuccaTopics.EMPLOYEE_UPDATED, event -> runs.incrementAndGet())
            .build();
    assertThat(receiver.receive(LuccaDeliveries.employeeUpdated("evt-1")).status()).isEqualTo(202);

    runUntil(receiver, "message done", () -> inbox.backlog() == 0);

    assertThat(runs).hasValue(1);
    // The UPDATE that failed, then the same recording again.
    assertThat(faultHits()).isEqualTo(2);
    assertThat(rows("state = 'DONE' AND attempts = 0 AND last_error IS NULL")).isEqualTo(1);
    assertThat(inbox.deadCount()).isZero();
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
        Lucca.receiver(LuccaDeliveries.SECRET)
            .async(inbox)
            .on(
                LuccaTopics.EMPLOYEE_UPDATED,
                NumberedName.class,
                (name, event) -> runs.incrementAndGet())
            .build();
    assertThat(receiver.receive(LuccaDeliveries.employeeUpdated("evt-1")).status()).isEqualTo(202);

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
      JdbcInbox inbox = inbox(manual, clock);
      for (String key : List.of("evt_done", "evt_dead", "evt_retried", "evt_taken")) {
        assertThat(inbox.accept(key, "t", request("{}"))).isTrue();
      }
      assertThat(inbox.accept("evt_done", "t", request("{}"))).isFalse();
      for (InboxMessage message : inbox.take(4, LEASE)) {
        switch (message.key()) {
          case "evt_done" -> inbox.succeeded(message);
          case "evt_dead" -> inbox.dead(message, "bug");
          case "evt_retried" -> inbox.retry(message, clock.instant().plusSeconds(60), "later");
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
      clock.advance(RETENTION.plusMinutes(1));
      assertThat(inbox.purgeExpired()).isEqualTo(1);
      inbox.check();
    }
  }

  @Test
  void unreachableDatabaseFailsWithInboxExceptionAndTheReceiverAnswers503() {
    JdbcInbox down = JdbcInbox.builder(unreachable()).dialect(dialect()).tableName(table).build();
    WebhookReceiver receiver =
        Lucca.receiver(LuccaDeliveries.SECRET)
            .async(down)
            .on(LuccaTopics.EMPLOYEE_UPDATED, event -> {})
            .build();

    assertThat(receiver.receive(LuccaDeliveries.employeeUpdated("evt-down")).status())
        .isEqualTo(503);
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
        Lucca.receiver(LuccaDeliveries.SECRET)
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
      WebhookResponse response = receiverA.receive(LuccaDeliveries.employeeUpdated("e" + i));
      assertThat(response.status()).as("e" + i).isEqualTo(202);
    }
    assertThat(receiverA.receive(LuccaDeliveries.employeeUpdated("e7")).status()).isEqualTo(200);
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
          Lucca.receiver(LuccaDeliveries.SECRET)
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
      assertThat(receiverB.receive(LuccaDeliveries.employeeUpdated("e0")).status()).isEqualTo(200);
      assertThat(receiverB.receive(LuccaDeliveries.employeeUpdated("flaky")).status())
          .isEqualTo(202);
      assertThat(receiverB.receive(LuccaDeliveries.employeeUpdated("broken")).status())
          .isEqualTo(202);
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
      assertThat(dead.key()).isEqualTo("lucca|" + LUCCA_SOURCE + "|broken");
      assertThat(dead.attempts()).isEqualTo(3);
      assertThat(dead.lastError().orElseThrow()).contains("IllegalStateException: bug in handler");
      assertThat(brokenAttempts).hasValue(3);
      assertThat(runs).doesNotContainKey("broken");

      fixed.set(true);
      assertThat(inboxB.requeue("lucca|" + LUCCA_SOURCE + "|broken")).isTrue();
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
