package dev.hookline.receiver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.lucca.LuccaTopics;
import dev.hookline.receiver.test.ChildJvm;
import dev.hookline.receiver.test.TestSigners;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Exactly-once effects across a real crash: a receiver in another JVM is killed with SIGKILL while
 * its exactly-once handler's transaction is open, or after it committed and before the delivery's
 * claim is completed; the sender's retry, received here once the claim's lease has expired, never
 * leaves a second effect row. Runs with {@code -Pservices} on PostgreSQL and MariaDB.
 */
@Tag("services")
class ExactlyOnceCrashTest {

  private static final Duration LEASE = Duration.ofSeconds(2);
  private static final String EVENT_ID = "evt-crash";

  /** Where the child JVM stops for good: the line it prints there. */
  enum CrashPoint {
    /** Inside the handler, its transaction open and its effect row written but not committed. */
    IN_HANDLER,
    /** After the handler's transaction committed, when the store is about to complete the claim. */
    COMPLETING
  }

  @ParameterizedTest(name = "{0}, killed at {1}")
  @CsvSource({
    "POSTGRESQL, IN_HANDLER",
    "POSTGRESQL, COMPLETING",
    "MYSQL, IN_HANDLER",
    "MYSQL, COMPLETING"
  })
  void aRetryAfterAKilledReceiverNeverAppliesTheEffectTwice(Dialect dialect, CrashPoint point)
      throws Exception {
    String table = "hookline_crash_" + HexFormat.of().formatHex(randomBytes());
    try (HikariDataSource pool = pool(dialect)) {
      JdbcIdempotencyStore store = store(pool, dialect, table).createTable(true).build();
      execute(pool, "CREATE TABLE " + table + "_effects (event_id VARCHAR(64) NOT NULL)");
      try {
        runChildUntilKilled(dialect, table, point);
        AtomicInteger runs = new AtomicInteger();
        WebhookReceiver receiver = receiver(store, table, runs, null);

        // The sender retries until the killed receiver's lease has expired.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int status;
        while ((status = receiver.receive(delivery()).status()) != 200) {
          assertThat(status).as("in flight until the lease expires").isEqualTo(503);
          assertThat(System.nanoTime()).as("accepted within 60 s").isLessThan(deadline);
          Thread.sleep(100);
        }

        assertThat(runs).hasValue(point == CrashPoint.IN_HANDLER ? 1 : 0);
        assertThat(count(pool, table + "_effects")).isEqualTo(1);
        assertThat(receiver.receive(delivery()).status()).isEqualTo(200);
        assertThat(count(pool, table + "_effects")).isEqualTo(1);
        assertThat(runs).hasValue(point == CrashPoint.IN_HANDLER ? 1 : 0);
      } finally {
        execute(pool, "DROP TABLE IF EXISTS " + table + "_effects");
        execute(pool, "DROP TABLE IF EXISTS " + table);
      }
    }
  }

  /** Starts the child, waits for its line, then kills it with SIGKILL. */
  private static void runChildUntilKilled(Dialect dialect, String table, CrashPoint point)
      throws Exception {
    try (ChildJvm child =
        ChildJvm.start(ExactlyOnceCrashTest.class, dialect.name(), table, point.name())) {
      assertThat(child.awaitLine(point.name()))
          .as("the child reached %s; it printed:%n%s", point, child.printed())
          .isTrue();
      // SIGKILL: no shutdown hook, no rollback sent by the driver
      assertThat(child.kill(Duration.ofSeconds(30))).isTrue();
    }
  }

  /**
   * The child JVM: receives the delivery once with a store whose completion never comes back, and
   * prints the crash point's name when it gets there.
   */
  public static void main(String[] args) throws Exception {
    Dialect dialect = Dialect.valueOf(args[0]);
    String table = args[1];
    CrashPoint point = CrashPoint.valueOf(args[2]);
    HikariDataSource pool = pool(dialect);
    DataSource source = point == CrashPoint.COMPLETING ? stopAtCompletion(pool) : pool;
    receiver(store(source, dialect, table).build(), table, new AtomicInteger(), point)
        .receive(delivery());
    System.out.println("the delivery returned: the crash point was never reached");
  }

  /** Prints the crash point and sleeps for good when the store prepares a completion. */
  private static DataSource stopAtCompletion(DataSource target) {
    return ConnectionHooks.hooked(
        target,
        (connection, method, args) -> {
          if (method.getName().equals("prepareStatement")
              && ((String) args[0]).contains("SET state = 'DONE'")) {
            stopHere(CrashPoint.COMPLETING);
          }
        });
  }

  private static void stopHere(CrashPoint point) throws InterruptedException {
    System.out.println(point.name());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }

  /** A receiver whose exactly-once handler writes an effect row, and stops at the crash point. */
  private static WebhookReceiver receiver(
      JdbcIdempotencyStore store, String table, AtomicInteger runs, @Nullable CrashPoint stop) {
    return Lucca.receiver(TestSigners.LUCCA_SECRET)
        .idempotencyStore(store)
        .on(
            LuccaTopics.EMPLOYEE_UPDATED,
            store.exactlyOnce(
                "record-effect",
                (event, connection) -> {
                  try (PreparedStatement insert =
                      connection.prepareStatement("INSERT INTO " + table + "_effects VALUES (?)")) {
                    insert.setString(1, event.id());
                    insert.executeUpdate();
                  }
                  runs.incrementAndGet();
                  if (stop == CrashPoint.IN_HANDLER) {
                    stopHere(stop);
                  }
                }))
        .build();
  }

  private static WebhookRequest delivery() {
    return SignedRequests.lucca(TestSigners.LUCCA_SECRET)
        .event(LuccaFixtures.employeeUpdated().id(EVENT_ID))
        .build();
  }

  private static JdbcIdempotencyStore.Builder store(
      DataSource dataSource, Dialect dialect, String table) {
    return JdbcIdempotencyStore.builder(dataSource).dialect(dialect).tableName(table).lease(LEASE);
  }

  private static HikariDataSource pool(Dialect dialect) {
    HikariConfig config = new HikariConfig();
    if (dialect == Dialect.POSTGRESQL) {
      config.setJdbcUrl(
          System.getProperty(
              "hookline.test.postgresql.url", "jdbc:postgresql://127.0.0.1:5432/test"));
      config.setUsername(System.getProperty("hookline.test.postgresql.user", "postgres"));
      config.setPassword(System.getProperty("hookline.test.postgresql.password", ""));
    } else {
      config.setJdbcUrl(
          System.getProperty(
              "hookline.test.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/test?sslMode=disable"));
      config.setUsername(System.getProperty("hookline.test.mariadb.user", "root"));
      config.setPassword(System.getProperty("hookline.test.mariadb.password", ""));
    }
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }

  private static void execute(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static long count(DataSource dataSource, String table) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
      result.next();
      return result.getLong(1);
    }
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[6];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
