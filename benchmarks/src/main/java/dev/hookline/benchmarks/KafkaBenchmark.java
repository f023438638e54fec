package dev.hookline.benchmarks;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.idempotency.InMemoryIdempotencyStore;
import dev.hookline.receiver.kafka.KafkaInbox;
import dev.hookline.receiver.lucca.Lucca;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Kafka inbox, to set beside {@link JdbcBenchmark#asyncAccept8Threads}: the latency of an
 * asynchronous receiver accepting a signed Lucca delivery into {@link KafkaInbox} with 8 threads
 * (sampled: p50, p99), each accept returning once the broker acknowledged. The broker is a one-node
 * KRaft cluster from Kafka's test kit in the benchmark's JVM (there is no Kafka server on this
 * machine), so it shares the fork's cores and heap; the inbox marks accepted keys in an in-memory
 * idempotency store, which isolates Kafka's part.
 */
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class KafkaBenchmark {

  /** Deliveries signed in setup; each accept must see a new key. */
  static final int RING = 200_000;

  @State(Scope.Benchmark)
  public static class Broker {
    KafkaClusterTestKit cluster;
    KafkaInbox inbox;
    WebhookReceiver asyncReceiver;
    WebhookRequest[] deliveries;
    final AtomicInteger next = new AtomicInteger();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      cluster =
          new KafkaClusterTestKit.Builder(
                  new TestKitNodes.Builder()
                      .setCombined(true)
                      .setNumBrokerNodes(1)
                      .setNumControllerNodes(1)
                      .build())
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
        admin
            .createTopics(
                List.of(
                    new NewTopic("bench", 4, (short) 1),
                    new NewTopic("bench" + KafkaInbox.DEAD_LETTER_SUFFIX, 1, (short) 1)))
            .all()
            .get();
      }
      inbox =
          KafkaInbox.builder(cluster.bootstrapServers(), "bench", InMemoryIdempotencyStore.create())
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
    public void tearDown() throws Exception {
      inbox.close();
      cluster.close();
    }
  }

  /** receive() of a new signed delivery by an async receiver: verify, read, produce, await ack. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Threads(8)
  public int asyncAccept8Threads(Broker broker) {
    return LuccaReceiveBenchmark.acceptNext(broker.asyncReceiver, broker.deliveries, broker.next);
  }
}
