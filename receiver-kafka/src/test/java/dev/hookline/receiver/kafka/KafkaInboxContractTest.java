package dev.hookline.receiver.kafka;

import dev.hookline.receiver.idempotency.InMemoryIdempotencyStore;
import dev.hookline.receiver.test.InboxContract;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterEach;

/**
 * The kit's inbox contract on a Kafka inbox: a new topic with three partitions (and its dead-letter
 * topic) per test on the shared in-JVM broker; the store reads the contract's clock.
 */
class KafkaInboxContractTest extends InboxContract<KafkaInbox> {

  private final List<KafkaInbox> inboxes = new ArrayList<>();

  @Override
  protected KafkaInbox createInbox() {
    try {
      KafkaClusterTestKit cluster = TestBroker.shared();
      String topic = TestBroker.createTopics(cluster, "contract", 3);
      KafkaInbox inbox =
          KafkaInbox.builder(
                  cluster.bootstrapServers(),
                  topic,
                  InMemoryIdempotencyStore.builder()
                      .lease(LEASE)
                      .retention(RETENTION)
                      .clock(clock())
                      .build())
              .groupId(topic + "-workers")
              .clock(clock())
              .build();
      inboxes.add(inbox);
      return inbox;
    } catch (Exception e) {
      throw new IllegalStateException("test broker unavailable", e);
    }
  }

  @AfterEach
  void closeInboxes() {
    inboxes.forEach(KafkaInbox::close);
  }
}
