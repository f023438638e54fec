package dev.hookline.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.idempotency.Claim;
import dev.hookline.receiver.jdbc.JdbcIdempotencyStore;
import dev.hookline.receiver.jdbc.JdbcInbox;
import dev.hookline.receiver.lucca.Lucca;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JDBC parts on a real database: claim + complete of fresh keys with 1 and 8 threads (ops/s),
 * and the latency of an asynchronous receiver accepting a signed Lucca delivery into the JDBC inbox
 * with 8 threads (sampled: p50, p99). The {@code url} parameter names the database, user included:
 * PostgreSQL (127.0.0.1:5432, database {@code test}) by default, MariaDB with {@code -p
 * url=jdbc:mariadb://127.0.0.1:3306/test?user=root&sslMode=disable}; {@code -p
 * flushCompletions=true} makes the store's completions wait for the disk. Tables are created per
 * trial with random names and dropped afterwards.
 */
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class JdbcBenchmark {

  /** Deliveries signed in setup; each accept must see a new key. */
  static final int RING = 500_000;

  @State(Scope.Benchmark)
  public static class Database {
    /** The JDBC URL, user included; the dialect is detected from the connection. */
    @Param("jdbc:postgresql://127.0.0.1:5432/test?user=postgres")
    String url;

    /** The store's {@code flushCompletions}: whether a completion waits for the disk. */
    @Param("false")
    boolean flushCompletions;

    HikariDataSource dataSource;
    JdbcIdempotencyStore store;
    WebhookReceiver asyncReceiver;
    WebhookRequest[] deliveries;
    final AtomicLong keys = new AtomicLong(ThreadLocalRandom.current().nextLong(1L << 40));
    final AtomicInteger next = new AtomicInteger();
    String suffix;

    @Setup(Level.Trial)
    public void setUp() {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(url);
      config.setMaximumPoolSize(16);
      dataSource = new HikariDataSource(config);
      suffix = Long.toString(System.nanoTime(), 36);
      store =
          JdbcIdempotencyStore.builder(dataSource)
              .tableName("hookline_bench_keys_" + suffix)
              .createTable(true)
              .flushCompletions(flushCompletions)
              .build();
      JdbcInbox inbox =
          JdbcInbox.builder(dataSource)
              .tableName("hookline_bench_inbox_" + suffix)
              .createTable(true)
              .build();
      asyncReceiver =
          Lucca.receiver(LuccaDeliveries.LUCCA_SECRET)
              .async(inbox)
              .on("employee.*", event -> {})
              .build();
      String timestamp = LuccaDeliveries.luccaTimestamp();
      deliveries = LuccaReceiveBenchmark.signedRing(timestamp, RING);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("DROP TABLE IF EXISTS hookline_bench_keys_" + suffix);
        statement.execute("DROP TABLE IF EXISTS hookline_bench_inbox_" + suffix);
      }
      dataSource.close();
    }
  }

  private static Claim claimAndComplete(Database database) {
    Claim claim = database.store.claim("bench|" + database.keys.incrementAndGet());
    database.store.complete(claim);
    return claim;
  }

  /** One new delivery's claim and completion, one thread. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(1)
  public Claim claimComplete1Thread(Database database) {
    return claimAndComplete(database);
  }

  /** The same with 8 threads sharing the table and the pool. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(8)
  public Claim claimComplete8Threads(Database database) {
    return claimAndComplete(database);
  }

  /** receive() of a new signed delivery by an async receiver: verify, read, store in the inbox. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Threads(8)
  public int asyncAccept8Threads(Database database) {
    return LuccaReceiveBenchmark.acceptNext(
        database.asyncReceiver, database.deliveries, database.next);
  }
}
