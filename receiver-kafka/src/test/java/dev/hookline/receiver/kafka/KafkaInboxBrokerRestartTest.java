package dev.hookline.receiver.kafka;

import static dev.hookline.receiver.kafka.KafkaInboxWorkerTest.await;
import static dev.hookline.receiver.kafka.KafkaInboxWorkerTest.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.InboxWorker;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.standardwebhooks.StandardWebhooks;
import dev.hookline.receiver.test.TestSigners;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;

/**
 * The broker stopped while requests arrive, then started again, on a cluster of this test's own
 * (the test kit's {@link BrokerServer} is shut down and started up in place; the kit binds its
 * listener once, so the broker comes back on the same port and the clients reconnect).
 */
class KafkaInboxBrokerRestartTest {

  @Test
  void aStoppedBrokerIsAnswered503WithRetryAfterAndNothingIsLostOnceItIsBack() throws Exception {
    KafkaClusterTestKit cluster = TestBroker.start();
    try {
      String topic = TestBroker.createTopics(cluster, "restart", 2);
      Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
      try (KafkaInbox inbox =
          KafkaInbox.builder(cluster.bootstrapServers(), topic, KafkaInboxWorkerTest.store())
              .groupId(topic + "-workers")
              .acceptTimeout(Duration.ofSeconds(2))
              .takeWait(Duration.ofMillis(200))
              .build()) {
        WebhookReceiver receiver =
            StandardWebhooks.receiver(TestSigners.STANDARD_WEBHOOKS_SECRET)
                .async(inbox)
                .onAny(
                    event ->
                        handled
                            .computeIfAbsent(event.id(), id -> new AtomicInteger())
                            .incrementAndGet())
                .build();
        try (InboxWorker worker =
            InboxWorker.builder(receiver).threads(2).pollInterval(Duration.ofMillis(20)).build()) {
          worker.start();
          for (int i = 0; i < 10; i++) {
            assertThat(receiver.receive(event("before_" + i, "e", i)).status()).isEqualTo(202);
          }
          await("the first ten handled", () -> handled.size() == 10);

          BrokerServer broker = cluster.brokers().values().iterator().next();
          broker.shutdown();
          broker.awaitShutdown();
          for (int i = 0; i < 5; i++) {
            WebhookResponse response = receiver.receive(event("during_" + i, "e", i));
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.headers()).containsEntry("Retry-After", "5");
          }

          broker.startup();
          cluster.waitForReadyBrokers();
          // The sender delivers the refused events again, as Retry-After asks, until accepted.
          for (int i = 0; i < 5; i++) {
            assertThat(deliverUntilAccepted(receiver, "during_" + i, i)).isEqualTo(202);
          }
          await("all fifteen handled", () -> handled.size() == 15 && inbox.backlog() == 0);
        }
      }
      handled.forEach((id, runs) -> assertThat(runs).as(id).hasValue(1));
      assertThat(handled).hasSize(15);
    } finally {
      cluster.close();
    }
  }

  /** Delivers the event until it is answered other than 503, for at most a minute. */
  private static int deliverUntilAccepted(WebhookReceiver receiver, String id, int seq)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (true) {
      int status = receiver.receive(event(id, "e", seq)).status();
      if (status != 503 || System.nanoTime() > deadline) {
        return status;
      }
      Thread.sleep(200);
    }
  }
}
