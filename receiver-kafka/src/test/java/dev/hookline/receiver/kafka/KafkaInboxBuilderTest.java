package dev.hookline.receiver.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.core.InboxException;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Settings out of range, and a cluster that cannot be reached at all (no broker needed). */
class KafkaInboxBuilderTest {

  @Test
  void settingsOutOfRangeFailTheBuild() {
    IdempotencyStore store = KafkaInboxWorkerTest.store();

    assertThatThrownBy(
            () ->
                KafkaInbox.builder("127.0.0.1:9092", "t", store)
                    .acceptTimeout(Duration.ZERO)
                    .build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("durations must be positive, but one was PT0S");
    assertThatThrownBy(
            () -> KafkaInbox.builder("127.0.0.1:9092", "t", store).maxBuffered(1).build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("maxBuffered must be at least 2, but was 1");
  }

  /**
   * Nothing listens at the bootstrap address: the accept fails within its timeout, and the key is
   * not taken for accepted, so the sender's next delivery is tried again rather than answered 200.
   */
  @Test
  void anUnreachableClusterFailsTheAcceptAndLeavesTheKeyFree() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    WebhookRequest request =
        WebhookRequest.builder().body("{}".getBytes(StandardCharsets.UTF_8)).build();
    try (KafkaInbox inbox =
        KafkaInbox.builder("127.0.0.1:" + port, "t", KafkaInboxWorkerTest.store())
            .acceptTimeout(Duration.ofMillis(500))
            .build()) {
      for (int delivery = 0; delivery < 2; delivery++) {
        assertThatThrownBy(() -> inbox.accept("evt_1", "t", request))
            .isInstanceOf(InboxException.class)
            .hasMessageStartingWith("Kafka did not acknowledge a record of topic t");
      }
      assertThat(inbox.toString())
          .isEqualTo("KafkaInbox[topic=t, deadLetterTopic=t.dead, group=hookline-inbox]");
    }
  }
}
