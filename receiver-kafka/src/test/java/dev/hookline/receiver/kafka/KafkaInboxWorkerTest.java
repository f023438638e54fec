package dev.hookline.receiver.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import dev.hookline.receiver.InboxWorker;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.dispatch.EventHandler;
import dev.hookline.receiver.event.OrderingKey;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.fixtures.StandardWebhooksFixtures;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.idempotency.InMemoryIdempotencyStore;
import dev.hookline.receiver.inbox.InboxMessage;
import dev.hookline.receiver.standardwebhooks.StandardWebhooks;
import dev.hookline.receiver.test.TestSigners;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Receivers and their {@link InboxWorker}s on a Kafka inbox of the shared in-JVM broker: copies, a
 * member leaving mid-batch, and per-entity order with retries.
 */
class KafkaInboxWorkerTest {

  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    Collections.reverse(resources);
    for (AutoCloseable resource : resources) {
      resource.close();
    }
  }

  /** Fifty concurrent copies of each of twenty events: one is accepted (202), one handled. */
  @Test
  void aFiftyfoldDuplicateStormIsAcceptedOnceAndHandledOnce() throws Exception {
    KafkaClusterTestKit cluster = TestBroker.shared();
    String topic = TestBroker.createTopics(cluster, "storm", 3);
    KafkaInbox inbox = inbox(cluster, topic, store());
    Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
    WebhookReceiver receiver = receiver(inbox, event -> count(handled, event.id()));
    worker(receiver, 2);
    List<WebhookRequest> requests = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      WebhookRequest request = event("evt_" + i, "e" + i, i);
      for (int copy = 0; copy < 50; copy++) {
        requests.add(request);
      }
    }
    Collections.shuffle(requests);

    Map<String, List<Integer>> statuses = new ConcurrentHashMap<>();
    ExecutorService senders = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (WebhookRequest request : requests) {
        sent.add(
            senders.submit(
                () ->
                    statuses
                        .computeIfAbsent(
                            request.headers().first("webhook-id").orElseThrow(),
                            id -> Collections.synchronizedList(new ArrayList<>()))
                        .add(receiver.receive(request).status())));
      }
      for (Future<?> future : sent) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      senders.shutdownNow();
    }
    await("all twenty handled", () -> handled.size() == 20 && inbox.backlog() == 0);

    assertThat(statuses).hasSize(20);
    statuses.forEach(
        (id, answers) -> {
          assertThat(answers).as(id).hasSize(50).containsOnly(200, 202);
          assertThat(answers.stream().filter(status -> status == 202)).as(id).hasSize(1);
        });
    handled.forEach((id, runs) -> assertThat(runs).as(id).hasValue(1));
  }

  /**
   * A member of the group is closed while its handlers run and its partitions hold fetched records;
   * the other member takes the partitions over. The event whose handler was still running is not
   * run again by the new owner (it waits for the store's claim, then sees it done), and each of the
   * two hundred events is handled once.
   */
  @Test
  void aMemberClosedMidBatchHandsItsPartitionsOverAndEachEventIsHandledOnce() throws Exception {
    KafkaClusterTestKit cluster = TestBroker.shared();
    String topic = TestBroker.createTopics(cluster, "handover", 4);
    IdempotencyStore store = store();
    KafkaInbox inboxA = inbox(cluster, topic, store);
    KafkaInbox inboxB = inbox(cluster, topic, store);
    Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
    AtomicInteger handledByA = new AtomicInteger();
    CountDownLatch aIsBusy = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    WebhookReceiver receiverA =
        receiver(
            inboxA,
            event -> {
              if (handledByA.incrementAndGet() > 10) {
                // Both of A's threads block here, mid-batch, until A has left the group.
                aIsBusy.countDown();
                release.await();
              }
              count(handled, event.id());
            });
    WebhookReceiver receiverB = receiver(inboxB, event -> count(handled, event.id()));
    for (int i = 0; i < 200; i++) {
      assertThat(receiverA.receive(event("evt_" + i, "e" + i, i)).status()).isEqualTo(202);
    }

    InboxWorker workerA = worker(receiverA, 2);
    assertThat(aIsBusy.await(60, TimeUnit.SECONDS)).isTrue();
    worker(receiverB, 2);
    inboxA.close();
    release.countDown();
    await("all two hundred handled", () -> handled.size() == 200 && inboxB.backlog() == 0);
    workerA.close();

    handled.forEach((id, runs) -> assertThat(runs).as(id).hasValue(1));
    assertThat(handled).hasSize(200);
    assertThat(handledByA.get()).isGreaterThan(10).isLessThan(200);
  }

  /**
   * A thousand events of ten entities, each entity's events accepted in order, with the ordering
   * key set to the entity: handled in order per entity, although every tenth event fails once and
   * is retried with backoff while other entities' events go on.
   */
  @Test
  void aThousandEventsOfTenEntitiesAreHandledInOrderPerEntityDespiteRetries() throws Exception {
    KafkaClusterTestKit cluster = TestBroker.shared();
    String topic = TestBroker.createTopics(cluster, "order", 3);
    KafkaInbox inbox = inbox(cluster, topic, store());
    Map<String, List<Integer>> order = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    AtomicInteger total = new AtomicInteger();
    WebhookReceiver receiver =
        receiver(
            inbox,
            event -> {
              int seq = event.data().get("seq").asInt();
              if (seq % 10 == 3 && count(attempts, event.id()) == 1) {
                throw new IllegalStateException("downstream busy");
              }
              order
                  .computeIfAbsent(
                      event.data().get("entity").asText(),
                      entity -> Collections.synchronizedList(new ArrayList<>()))
                  .add(seq);
              total.incrementAndGet();
            });
    ExecutorService senders = Executors.newFixedThreadPool(10);
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (int e = 0; e < 10; e++) {
        String entity = "entity-" + e;
        sent.add(
            senders.submit(
                () -> {
                  for (int seq = 0; seq < 100; seq++) {
                    int status = receiver.receive(event(entity + "-" + seq, entity, seq)).status();
                    assertThat(status).isEqualTo(202);
                  }
                  return null;
                }));
      }
      for (Future<?> future : sent) {
        future.get(120, TimeUnit.SECONDS);
      }
    } finally {
      senders.shutdownNow();
    }
    worker(receiver, 4);
    await("a thousand handled", () -> total.get() == 1000);

    assertThat(order).hasSize(10);
    List<Integer> expected = IntStream.range(0, 100).boxed().toList();
    order.forEach((entity, seqs) -> assertThat(seqs).as(entity).isEqualTo(expected));
  }

  /**
   * An event that fails at every attempt goes to the dead-letter topic after the last one, and the
   * entity's next event, which waited behind it, runs then; once the cause is fixed, the operator
   * requeues the dead event and it is handled.
   */
  @Test
  void anEventFailingEveryAttemptIsDeadReleasesItsEntityAndRunsOnceRequeued() throws Exception {
    KafkaClusterTestKit cluster = TestBroker.shared();
    String topic = TestBroker.createTopics(cluster, "dead", 2);
    KafkaInbox inbox = inbox(cluster, topic, store());
    List<String> handled = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger failures = new AtomicInteger();
    CountDownLatch fixed = new CountDownLatch(1);
    WebhookReceiver receiver =
        receiver(
            inbox,
            event -> {
              if (event.id().equals("evt_poison") && fixed.getCount() > 0) {
                failures.incrementAndGet();
                throw new IllegalStateException("cannot handle this one yet");
              }
              handled.add(event.id());
            });
    assertThat(receiver.receive(event("evt_poison", "e", 0)).status()).isEqualTo(202);
    assertThat(receiver.receive(event("evt_next", "e", 1)).status()).isEqualTo(202);
    InboxWorker worker =
        InboxWorker.builder(receiver)
            .threads(2)
            .maxAttempts(3)
            .pollInterval(Duration.ofMillis(20))
            .backoff(Duration.ofMillis(20), Duration.ofMillis(50))
            .build()
            .start();
    resources.add(worker);

    await("the poison event dead", () -> inbox.deadCount() == 1 && handled.size() == 1);
    assertThat(failures).hasValue(3);
    assertThat(handled).containsExactly("evt_next");
    InboxMessage dead = inbox.deadMessages(10).get(0);
    assertThat(dead.key()).isEqualTo("standard-webhooks|evt_poison");
    assertThat(dead.attempts()).isEqualTo(3);
    assertThat(dead.lastError()).get(STRING).contains("cannot handle this one yet");
    assertThat(receiver.receive(event("evt_poison", "e", 0)).status()).isEqualTo(200);

    fixed.countDown();
    assertThat(inbox.requeue(dead.key())).isTrue();
    await("the requeued event handled", () -> handled.size() == 2 && inbox.backlog() == 0);
    assertThat(handled).containsExactly("evt_next", "evt_poison");
    assertThat(inbox.deadCount()).isZero();
    assertThat(inbox.requeue(dead.key())).isFalse();
  }

  // ---------------------------------------------------------------------------------------------

  /** A Standard Webhooks event of the entity, with its sequence number in the data. */
  static WebhookRequest event(String id, String entity, int seq) {
    return SignedRequests.standardWebhooks(TestSigners.STANDARD_WEBHOOKS_SECRET)
        .event(
            StandardWebhooksFixtures.event("entity.updated")
                .id(id)
                .set("data.entity", entity)
                .set("data.seq", seq))
        .build();
  }

  static IdempotencyStore store() {
    return InMemoryIdempotencyStore.builder().lease(Duration.ofMinutes(1)).build();
  }

  private KafkaInbox inbox(KafkaClusterTestKit cluster, String topic, IdempotencyStore store) {
    KafkaInbox inbox =
        KafkaInbox.builder(cluster.bootstrapServers(), topic, store)
            .groupId(topic + "-workers")
            .takeWait(Duration.ofMillis(200))
            .build();
    resources.add(inbox);
    return inbox;
  }

  /** An asynchronous receiver whose ordering key is the event's entity. */
  static WebhookReceiver receiver(KafkaInbox inbox, EventHandler handler) {
    return StandardWebhooks.receiver(TestSigners.STANDARD_WEBHOOKS_SECRET)
        .async(inbox)
        .orderingKey(OrderingKey.dataFields("/entity"))
        .onAny(handler)
        .build();
  }

  private InboxWorker worker(WebhookReceiver receiver, int threads) {
    InboxWorker worker =
        InboxWorker.builder(receiver)
            .threads(threads)
            .pollInterval(Duration.ofMillis(20))
            .backoff(Duration.ofMillis(20), Duration.ofMillis(100))
            .drainTimeout(Duration.ofSeconds(2))
            .build()
            .start();
    resources.add(worker);
    return worker;
  }

  private static int count(Map<String, AtomicInteger> counts, String id) {
    return counts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 90 s: " + what);
      }
      Thread.sleep(50);
    }
  }
}
