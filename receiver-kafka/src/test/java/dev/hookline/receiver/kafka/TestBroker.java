package dev.hookline.receiver.kafka;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A one-node KRaft cluster in the test JVM, from Kafka's own test kit, and topics on it. */
final class TestBroker {

  private static final AtomicInteger TOPICS = new AtomicInteger();

  private static KafkaClusterTestKit shared;

  private TestBroker() {}

  /** A new cluster of one combined broker and controller, started and ready. */
  static KafkaClusterTestKit start() throws Exception {
    KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    return cluster;
  }

  /** The cluster the test classes share, started on first use and left to the JVM's exit. */
  static synchronized KafkaClusterTestKit shared() throws Exception {
    if (shared == null) {
      shared = start();
    }
    return shared;
  }

  /**
   * Creates a new main topic with the given partitions and its compacted dead-letter topic.
   *
   * @return the main topic's name, unique in this JVM
   */
  static String createTopics(KafkaClusterTestKit cluster, String prefix, int partitions)
      throws Exception {
    String topic = prefix + "-" + TOPICS.incrementAndGet();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, partitions, (short) 1),
                  new NewTopic(topic + KafkaInbox.DEAD_LETTER_SUFFIX, 1, (short) 1)
                      .configs(
                          Map.of(
                              TopicConfig.CLEANUP_POLICY_CONFIG,
                              TopicConfig.CLEANUP_POLICY_COMPACT))))
          .all()
          .get();
    }
    return topic;
  }
}
