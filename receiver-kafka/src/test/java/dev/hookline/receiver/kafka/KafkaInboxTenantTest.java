package dev.hookline.receiver.kafka;

import static dev.hookline.receiver.kafka.KafkaInboxWorkerTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.InboxWorker;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.fixtures.StandardWebhooksFixtures;
import dev.hookline.receiver.idempotency.Claim.ClaimStatus;
import dev.hookline.receiver.idempotency.InMemoryIdempotencyStore;
import dev.hookline.receiver.signature.SecretSource;
import dev.hookline.receiver.standardwebhooks.StandardWebhooks;
import dev.hookline.receiver.test.TestSigners;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;

/**
 * An asynchronous endpoint with two tenants on one Kafka topic, written like an attacker: one
 * tenant flooding a bounded in-memory store never makes the other's events new again.
 */
class KafkaInboxTenantTest {

  private static final String ACME_SECRET = TestSigners.STANDARD_WEBHOOKS_SECRET;

  private static final String EVIL_SECRET = "whsec_ZXZpbC1zaWducy1mb3ItaXRzZWxmLW9ubHk=";

  /**
   * Acme's twenty events are accepted and handled; evil, who signs only for itself, sends three
   * times the store's bound of new events (six times its bound of markers) to the same topic.
   * Acme's captured deliveries re-sent are still duplicates (200), its handlers ran once per event,
   * and its handled markers are still done.
   */
  @Test
  void aTenantFloodingABoundedStoreNeverMakesAnotherTenantsEventsNew() throws Exception {
    KafkaClusterTestKit cluster = TestBroker.shared();
    String topic = TestBroker.createTopics(cluster, "tenants", 2);
    InMemoryIdempotencyStore store = InMemoryIdempotencyStore.builder().maxEntries(200).build();
    List<String> runs = new CopyOnWriteArrayList<>();
    try (KafkaInbox inbox =
        KafkaInbox.builder(cluster.bootstrapServers(), topic, store)
            .groupId(topic + "-workers")
            .takeWait(Duration.ofMillis(200))
            .build()) {
      WebhookReceiver receiver =
          WebhookReceiver.builder()
              .provider(StandardWebhooks.PROVIDER)
              .verifier(StandardWebhooks.scheme(), SecretSource.of(secrets()))
              .async(inbox)
              .onAny(event -> runs.add(event.tenant().orElse("-") + ":" + event.id()))
              .build();
      InboxWorker worker =
          InboxWorker.builder(receiver)
              .threads(2)
              .pollInterval(Duration.ofMillis(20))
              .drainTimeout(Duration.ofSeconds(2))
              .build()
              .start();
      try {
        List<WebhookRequest> captured = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          captured.add(signed("acme-" + i, ACME_SECRET, "acme"));
        }
        captured.forEach(request -> assertThat(receiver.receive(request).status()).isEqualTo(202));
        await("acme's twenty handled", () -> runs.size() == 20 && inbox.backlog() == 0);

        for (int i = 0; i < 600; i++) {
          assertThat(receiver.receive(signed("flood-" + i, EVIL_SECRET, "evil")).status())
              .as("flood-%d", i)
              .isEqualTo(202);
        }
        await("evil's six hundred handled", () -> runs.size() == 620 && inbox.backlog() == 0);

        for (WebhookRequest request : captured) {
          assertThat(receiver.receive(request).status())
              .as(request.headers().first("webhook-id").orElseThrow())
              .isEqualTo(200);
        }
      } finally {
        worker.close();
      }

      assertThat(runs).filteredOn(run -> run.startsWith("acme:")).hasSize(20);
      assertThat(runs).hasSize(620);
      for (int i = 0; i < 20; i++) {
        String key = "standard-webhooks/acme|acme-" + i;
        assertThat(store.claim(Claims.handled(topic, key)).status())
            .as(key)
            .isEqualTo(ClaimStatus.DONE);
      }
    }
  }

  private static Map<String, List<String>> secrets() {
    return Map.of("acme", List.of(ACME_SECRET), "evil", List.of(EVIL_SECRET));
  }

  /** A Standard Webhooks event signed now with the secret, on the tenant's path. */
  private static WebhookRequest signed(String id, String secret, String tenant) {
    SignedRequests signed =
        SignedRequests.standardWebhooks(secret)
            .event(StandardWebhooksFixtures.event("entity.updated").id(id))
            .path("/webhooks/standard-webhooks/" + tenant);
    WebhookRequest.Builder request = WebhookRequest.builder().method("POST").path(signed.path());
    signed.headers().forEach(request::header);
    return request.body(signed.body()).tenant(tenant).build();
  }
}
