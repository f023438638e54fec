package dev.hookline.receiver.kafka;

import static dev.hookline.receiver.kafka.KafkaInboxWorkerTest.await;
import static dev.hookline.receiver.kafka.KafkaInboxWorkerTest.event;
import static dev.hookline.receiver.kafka.KafkaInboxWorkerTest.receiver;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.InboxWorker;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.jdbc.JdbcIdempotencyStore;
import dev.hookline.receiver.test.ChildJvm;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

/**
 * A member of the consumer group in another JVM is killed with SIGKILL while its two handler
 * threads each hold a message and its partitions hold fetched, uncommitted records; the member in
 * this JVM takes its partitions over. The two JVMs share the broker (by its bootstrap address) and
 * a JDBC idempotency store on an H2 server, where each handler also writes its effect row: every
 * event has exactly one effect row in the end.
 */
class KafkaInboxCrashTest {

  private static final int EVENTS = 200;

  /** Effects the child writes before its handlers hold their messages for good. */
  private static final int CHILD_EFFECTS = 10;

  /** What the child prints once both its handler threads hold a message. */
  private static final String HOLDING = "HOLDING";

  /** Shorter than the default, so that the survivor's takeover does not wait a minute. */
  private static final Duration LEASE = Duration.ofSeconds(3);

  @Test
  void aMemberKilledMidBatchHandsItsPartitionsOverAndEachEventIsHandledOnce() throws Exception {
    KafkaClusterTestKit cluster = TestBroker.shared();
    String topic = TestBroker.createTopics(cluster, "crash", 4);
    Server h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    String url = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/mem:" + topic + ";DB_CLOSE_DELAY=-1";
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
    try {
      execute(pool, "CREATE TABLE effects (event_id VARCHAR(64) NOT NULL, member VARCHAR(8))");
      IdempotencyStore store =
          JdbcIdempotencyStore.builder(pool).lease(LEASE).createTable(true).build();
      try (KafkaInbox inbox = inbox(cluster.bootstrapServers(), topic, store)) {
        WebhookReceiver receiver = receiver(inbox, event -> effect(pool, event.id(), "survivor"));
        for (int i = 0; i < EVENTS; i++) {
          assertThat(receiver.receive(event("evt_" + i, "e" + i, i)).status()).isEqualTo(202);
        }

        try (ChildJvm child =
            ChildJvm.start(KafkaInboxCrashTest.class, cluster.bootstrapServers(), topic, url)) {
          assertThat(child.awaitLine(HOLDING))
              .as("the child's handlers hold messages; it printed:%n%s", child.printed())
              .isTrue();
          InboxWorker survivor = worker(receiver);
          try {
            await("the survivor handling its share", () -> effects(pool, "survivor") > 0);
            assertThat(child.kill(Duration.ofSeconds(30))).as("killed").isTrue();
            await(
                "every event handled",
                () -> distinctEvents(pool) == EVENTS && inbox.backlog() == 0);
          } finally {
            survivor.close();
          }
        }
      }

      assertThat(effects(pool, "child")).isEqualTo(CHILD_EFFECTS);
      assertThat(effects(pool, "survivor")).isEqualTo(EVENTS - CHILD_EFFECTS);
      assertThat(count(pool, "SELECT COUNT(*) FROM effects")).isEqualTo(EVENTS);
      assertThat(distinctEvents(pool)).isEqualTo(EVENTS);
    } finally {
      pool.dispose();
      h2.stop();
    }
  }

  /**
   * The child JVM: a member of the group whose handlers write ten effects, then hold their next
   * messages until the JVM is killed.
   */
  public static void main(String[] args) throws Exception {
    String bootstrapServers = args[0];
    String topic = args[1];
    JdbcConnectionPool pool = JdbcConnectionPool.create(args[2], "sa", "");
    IdempotencyStore store = JdbcIdempotencyStore.builder(pool).lease(LEASE).build();
    KafkaInbox inbox = inbox(bootstrapServers, topic, store);
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch holding = new CountDownLatch(2);
    WebhookReceiver receiver =
        receiver(
            inbox,
            event -> {
              if (runs.incrementAndGet() > CHILD_EFFECTS) {
                holding.countDown();
                Thread.sleep(Long.MAX_VALUE);
              }
              effect(pool, event.id(), "child");
            });
    worker(receiver);
    holding.await();
    System.out.println(HOLDING);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }

  /** An inbox whose group notices a killed member after six seconds, the broker's minimum. */
  private static KafkaInbox inbox(String bootstrapServers, String topic, IdempotencyStore store) {
    Map<String, Object> client = new HashMap<>();
    client.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000);
    client.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1000);
    return KafkaInbox.builder(bootstrapServers, topic, store)
        .groupId(topic + "-workers")
        .takeWait(Duration.ofMillis(200))
        .clientProperties(client)
        .build();
  }

  private static InboxWorker worker(WebhookReceiver receiver) {
    return InboxWorker.builder(receiver)
        .threads(2)
        .pollInterval(Duration.ofMillis(20))
        .backoff(Duration.ofMillis(20), Duration.ofMillis(100))
        .drainTimeout(Duration.ofSeconds(2))
        .build()
        .start();
  }

  private static void effect(DataSource pool, String eventId, String member) throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement insert =
            connection.prepareStatement("INSERT INTO effects VALUES (?, ?)")) {
      insert.setString(1, eventId);
      insert.setString(2, member);
      insert.executeUpdate();
    }
  }

  private static long effects(DataSource pool, String member) {
    return count(pool, "SELECT COUNT(*) FROM effects WHERE member = '" + member + "'");
  }

  private static long distinctEvents(DataSource pool) {
    return count(pool, "SELECT COUNT(DISTINCT event_id) FROM effects");
  }

  private static long count(DataSource pool, String query) {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(query)) {
      result.next();
      return result.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void execute(DataSource pool, String sql) throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
