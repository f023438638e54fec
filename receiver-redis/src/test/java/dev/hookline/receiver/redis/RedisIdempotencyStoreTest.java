package dev.hookline.receiver.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.idempotency.Claim;
import dev.hookline.receiver.idempotency.Claim.ClaimStatus;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.lucca.LuccaTopics;
import dev.hookline.receiver.test.IdempotencyStoreContract;
import dev.hookline.receiver.test.TestSigners;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The test kit's contract of every idempotency store on the machine's Redis server, then what is
 * the Redis store's own (its keys and expiries, concurrency across instances). Every test works
 * under a key prefix of its own, whose keys are deleted afterwards.
 *
 * <p>Leases and retention are key expiries on the server's clock, which the contract's {@code
 * clock()} cannot move: the contract runs whole with a lease and a retention of a few seconds, its
 * time passing by waiting, looking 1.5 s before and at the end of each; the store's own tests below
 * also wait for the server to expire a short lease or retention.
 */
@Tag("services")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisIdempotencyStoreTest extends IdempotencyStoreContract {

  /** The lease or retention of the tests that wait for the server to expire it. */
  private static final Duration SHORT = Duration.ofSeconds(2);

  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private final List<RedisIdempotencyStore> stores = new ArrayList<>();
  private String prefix;

  @BeforeAll
  void connect() {
    client = RedisClient.create(TestRedis.uri());
    connection = client.connect();
  }

  @AfterAll
  void disconnect() {
    connection.close();
    client.shutdown();
  }

  @BeforeEach
  void newPrefix() {
    prefix = TestRedis.uniquePrefix();
  }

  @AfterEach
  void deleteKeys() {
    stores.forEach(RedisIdempotencyStore::close);
    stores.clear();
    TestRedis.deleteKeys(redis(), prefix);
  }

  @Override
  protected IdempotencyStore createStore() {
    return open(store().lease(lease()).retention(retention()));
  }

  /** A store under the test's prefix with the contract's lease and retention. */
  RedisIdempotencyStore.Builder store() {
    return store(client);
  }

  RedisIdempotencyStore.Builder store(RedisClient redisClient) {
    return RedisIdempotencyStore.builder(redisClient)
        .keyPrefix(prefix)
        .lease(LEASE)
        .retention(RETENTION);
  }

  /** Builds the store, closed after the test. */
  RedisIdempotencyStore open(RedisIdempotencyStore.Builder builder) {
    RedisIdempotencyStore store = builder.build();
    stores.add(store);
    return store;
  }

  private RedisCommands<String, String> redis() {
    return connection.sync();
  }

  /** The server's clock cannot be moved: the contract's time passes by waiting. */
  @Override
  protected Duration lease() {
    return Duration.ofSeconds(5);
  }

  @Override
  protected Duration retention() {
    return Duration.ofSeconds(6);
  }

  @Override
  protected void elapse(Duration duration) throws InterruptedException {
    Thread.sleep(duration.toMillis());
  }

  /** Wide enough for the commands between a claim and the contract's look at its key. */
  @Override
  protected Duration edge() {
    return Duration.ofMillis(1500);
  }

  @Test
  void leaseExpiredByTheServerIsTakenOverAndTheOldHolderCannotSettleIt() throws Exception {
    RedisIdempotencyStore store = open(store().lease(SHORT));
    Claim crashed = store.claim("evt_1");
    assertThat(store.claim("evt_1").status()).isEqualTo(ClaimStatus.IN_FLIGHT);

    awaitExpiry(store, "evt_1");
    Claim takeover = store.claim("evt_1");
    store.release(crashed);
    store.complete(crashed);

    assertThat(takeover.status()).isEqualTo(ClaimStatus.NEW);
    assertThat(takeover.token()).isNotEqualTo(crashed.token());
    assertThat(store.claim("evt_1").status()).isEqualTo(ClaimStatus.IN_FLIGHT);
    store.complete(takeover);
    assertThat(store.claim("evt_1").status()).isEqualTo(ClaimStatus.DONE);
  }

  @Test
  void doneKeyExpiredByTheServerAfterTheRetentionIsClaimableAgain() throws Exception {
    RedisIdempotencyStore store = open(store().retention(SHORT));
    store.complete(store.claim("evt_1"));
    assertThat(store.claim("evt_1").status()).isEqualTo(ClaimStatus.DONE);

    awaitExpiry(store, "evt_1");
    Claim again = store.claim("evt_1");

    assertThat(again.status()).isEqualTo(ClaimStatus.NEW);
    assertThat(store.claim("evt_1").status()).isEqualTo(ClaimStatus.IN_FLIGHT);
    store.complete(again);
    assertThat(store.claim("evt_1").status()).isEqualTo(ClaimStatus.DONE);
  }

  @Test
  void claimOfADeadProcessorIsTakenOverOnceTheServerExpiresItsLeaseAndProcessedOnce()
      throws Exception {
    RedisIdempotencyStore store = open(store().lease(SHORT));
    AtomicInteger runs = new AtomicInteger();
    WebhookReceiver survivor = receiver(store, runs);
    String key = "lucca|" + LuccaFixtures.SOURCE + "|evt-dead";
    Claim dead = store.claim(key);
    assertThat(dead.status()).isEqualTo(ClaimStatus.NEW);

    WebhookResponse duringLease = survivor.receive(employeeUpdated("evt-dead"));
    awaitExpiry(store, key);
    WebhookResponse afterLease = survivor.receive(employeeUpdated("evt-dead"));
    WebhookResponse retry = survivor.receive(employeeUpdated("evt-dead"));
    store.complete(dead);
    store.release(dead);

    assertThat(duringLease.status()).isEqualTo(503);
    assertThat(duringLease.headers()).containsEntry("Retry-After", "5");
    assertThat(afterLease.status()).isEqualTo(200);
    assertThat(retry.status()).isEqualTo(200);
    assertThat(runs).hasValue(1);
    assertThat(store.claim(key).status()).isEqualTo(ClaimStatus.DONE);
  }

  @Test
  void inFlightKeyExpiresAfterTheLeaseAndDoneKeyAfterTheRetention() {
    RedisIdempotencyStore store = open(store());
    Claim claim = store.claim("evt_1");
    String key = store.redisKey("evt_1");

    assertThat(key).isEqualTo(prefix + "evt_1");
    assertThat(redis().get(key)).isEqualTo("in-flight:" + claim.token());
    assertThat(redis().pttl(key)).isBetween(LEASE.minusSeconds(10).toMillis(), LEASE.toMillis());
    store.complete(claim);
    assertThat(redis().get(key)).isEqualTo("done");
    assertThat(redis().pttl(key))
        .isBetween(RETENTION.minusSeconds(10).toMillis(), RETENTION.toMillis());
  }

  @Test
  void releasedKeyLeavesNoKey() {
    RedisIdempotencyStore store = open(store());

    store.release(store.claim("evt_1"));

    assertThat(TestRedis.keys(redis(), prefix)).isEmpty();
  }

  @Test
  void claimWithAnotherTokenSettlesNothing() {
    RedisIdempotencyStore store = open(store());
    store.complete(store.claim("done"));
    Claim holder = store.claim("in-flight");

    for (String token : List.of("forged", "done", "in-flight:" + holder.token(), "")) {
      store.release(Claim.acquired("done", token));
      store.complete(Claim.acquired("in-flight", token));
      store.release(Claim.acquired("in-flight", token));
    }

    assertThat(store.claim("done").status()).isEqualTo(ClaimStatus.DONE);
    assertThat(store.claim("in-flight").status()).isEqualTo(ClaimStatus.IN_FLIGHT);
    assertThat(redis().get(prefix + "in-flight")).isEqualTo("in-flight:" + holder.token());
  }

  @Test
  void keysUtf8CannotCarryOrThatLookHashedAreStoredHashed() {
    RedisIdempotencyStore store = open(store());
    List<String> keys = List.of("lone\ud800", "lone\udc00", "lone?", "lone\ufffd", "sha256:x");

    for (String key : keys) {
      Claim claim = store.claim(key);
      assertThat(claim.status()).as(key).isEqualTo(ClaimStatus.NEW);
      store.complete(claim);
    }

    assertThat(TestRedis.keys(redis(), prefix))
        .hasSize(keys.size())
        .contains(prefix + "lone?", prefix + "lone\ufffd")
        .filteredOn(key -> key.startsWith(prefix + "sha256:"))
        .hasSize(3)
        .allMatch(key -> key.matches(".*:sha256:[0-9a-f]{64}"));
  }

  @Test
  void thirtyTwoThreadsClaimingAndCompletingAtOnceLeaveEveryKeyDone() throws Exception {
    RedisIdempotencyStore store = open(store());
    int threads = 32;
    int keysPerThread = 20;
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<List<ClaimStatus>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String keyPrefix = "evt-" + t + "-";
        futures.add(
            executor.submit(
                () -> {
                  start.await();
                  List<ClaimStatus> statuses = new ArrayList<>();
                  for (int k = 0; k < keysPerThread; k++) {
                    Claim claim = store.claim(keyPrefix + k);
                    statuses.add(claim.status());
                    store.complete(claim);
                  }
                  return statuses;
                }));
      }
      start.countDown();
      for (Future<List<ClaimStatus>> future : futures) {
        assertThat(future.get(120, TimeUnit.SECONDS)).containsOnly(ClaimStatus.NEW);
      }
    } finally {
      executor.shutdownNow();
    }
    List<String> keys = TestRedis.keys(redis(), prefix);
    assertThat(keys).hasSize(threads * keysPerThread);
    assertThat(redis().mget(keys.toArray(String[]::new)))
        .allMatch(value -> value.getValue().equals("done"));
  }

  @Test
  void concurrentCopiesOfManyEventsOverTwoInstancesRunEachHandlerOnce() throws Exception {
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    int events = 20;
    int copies = 10;
    RedisClient secondClient = RedisClient.create(TestRedis.uri());
    RedisIdempotencyStore secondStore = store(secondClient).build();
    try {
      List<WebhookReceiver> instances =
          List.of(countingReceiver(open(store()), runs), countingReceiver(secondStore, runs));
      List<WebhookRequest> deliveries = new ArrayList<>();
      for (int copy = 0; copy < copies; copy++) {
        for (int event = 0; event < events; event++) {
          deliveries.add(employeeUpdated("evt-" + event));
        }
      }
      Collections.shuffle(deliveries);
      ExecutorService executor = Executors.newFixedThreadPool(32);
      CountDownLatch start = new CountDownLatch(1);
      List<Integer> statuses = new ArrayList<>();
      try {
        List<Future<WebhookResponse>> futures = new ArrayList<>();
        for (int i = 0; i < deliveries.size(); i++) {
          WebhookReceiver instance = instances.get(i % 2);
          WebhookRequest delivery = deliveries.get(i);
          futures.add(
              executor.submit(
                  () -> {
                    start.await();
                    return instance.receive(delivery);
                  }));
        }
        start.countDown();
        for (Future<WebhookResponse> future : futures) {
          statuses.add(future.get(120, TimeUnit.SECONDS).status());
        }
      } finally {
        executor.shutdownNow();
      }
      // The senders retry what was answered 503: every copy is known by then, on both instances.
      for (int event = 0; event < events; event++) {
        for (WebhookReceiver instance : instances) {
          assertThat(instance.receive(employeeUpdated("evt-" + event)).status()).isEqualTo(200);
        }
      }

      assertThat(statuses).hasSize(events * copies).isSubsetOf(200, 503);
      assertThat(runs).hasSize(events);
      assertThat(runs.values()).allMatch(count -> count.get() == 1);
    } finally {
      secondStore.close();
      secondClient.shutdown();
    }
    assertThat(TestRedis.keys(redis(), prefix)).hasSize(events);
  }

  @Test
  void checkPings() {
    RedisIdempotencyStore store = open(store());

    store.check();

    assertThat(TestRedis.keys(redis(), prefix)).isEmpty();
  }

  /** Waits until the server has expired the key: the lease or retention ran out on its clock. */
  private void awaitExpiry(RedisIdempotencyStore store, String key) throws InterruptedException {
    String redisKey = store.redisKey(key);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (redis().exists(redisKey) > 0) {
      assertThat(System.nanoTime()).as("key expired within 30 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** A receiver instance whose handler counts its runs. */
  private static WebhookReceiver receiver(IdempotencyStore store, AtomicInteger runs) {
    return Lucca.receiver(TestSigners.LUCCA_SECRET)
        .idempotencyStore(store)
        .on(LuccaTopics.EMPLOYEE_UPDATED, event -> runs.incrementAndGet())
        .build();
  }

  /** A receiver instance whose handler counts its runs per event id and takes about 20 ms. */
  private static WebhookReceiver countingReceiver(
      IdempotencyStore store, Map<String, AtomicInteger> runs) {
    return Lucca.receiver(TestSigners.LUCCA_SECRET)
        .idempotencyStore(store)
        .on(
            LuccaTopics.EMPLOYEE_UPDATED,
            event -> {
              runs.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
              Thread.sleep(20);
            })
        .build();
  }

  /** A signed {@code employee.updated} delivery of the event id; its key is {@code source|id}. */
  static WebhookRequest employeeUpdated(String eventId) {
    return SignedRequests.lucca(TestSigners.LUCCA_SECRET)
        .event(LuccaFixtures.employeeUpdated().id(eventId))
        .build();
  }
}
