package dev.hookline.receiver.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.idempotency.Claim;
import dev.hookline.receiver.idempotency.Claim.ClaimStatus;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.lucca.LuccaTopics;
import dev.hookline.receiver.standardwebhooks.StandardWebhooks;
import dev.hookline.receiver.stripe.Stripe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every {@link IdempotencyStore} must do, as JUnit 5 tests: claim, complete and release, one
 * winner among concurrent claims, lease expiry and take-over, retention of done keys, exact keys,
 * and the namespaced keys of endpoints sharing the store. Extend it and build the store under test
 * with {@link #lease()}, {@link #retention()} and {@link #clock()}, which the tests move:
 *
 * <pre>{@code
 * class MyIdempotencyStoreTest extends IdempotencyStoreContract {
 *   @Override
 *   protected IdempotencyStore createStore() {
 *     return MyIdempotencyStore.builder(db)
 *         .lease(LEASE).retention(RETENTION).clock(clock()).build();
 *   }
 * }
 * }</pre>
 *
 * Each test starts with a new clock at {@link TestClock#DEFAULT_INSTANT} and calls {@link
 * #createStore()} once, expecting a store that knows no key the test uses. A subclass adds its own
 * tests beside these (a database store: its table, its outages).
 */
public abstract class IdempotencyStoreContract extends StoreContract {

  /** For subclasses. */
  protected IdempotencyStoreContract() {}

  /**
   * The store under test, measuring leases and retention with {@link #clock()}, with a lease of
   * {@link #lease()} and a retention of {@link #retention()}.
   */
  protected abstract IdempotencyStore createStore();

  /**
   * The lease the store under test is built with: {@link #LEASE}. A store timed by its server's
   * clock, which the tests cannot move, returns one short enough to wait out, and overrides {@link
   * #retention()}, {@link #elapse} and {@link #edge()} too.
   */
  protected Duration lease() {
    return LEASE;
  }

  /** The retention the store under test is built with: {@link #RETENTION}. */
  protected Duration retention() {
    return RETENTION;
  }

  /**
   * Lets the store's time pass: moves {@link #clock()}. A store timed by its server's clock waits
   * instead.
   *
   * @throws InterruptedException if a waiting override is interrupted
   */
  protected void elapse(Duration duration) throws InterruptedException {
    clock().advance(duration);
  }

  /**
   * How close to the end of a lease or a retention the tests look: 1 millisecond, exactly at the
   * edge. A store whose time passes by waiting needs a margin its timing keeps.
   */
  protected Duration edge() {
    return Duration.ofMillis(1);
  }

  /** A first claim is {@code NEW}, a second one {@code IN_FLIGHT}, then {@code DONE}. */
  @Test
  public void firstClaimIsNewThenInFlightThenDoneAfterCompletion() {
    IdempotencyStore store = createStore();

    Claim first = store.claim("evt_1");
    Claim concurrent = store.claim("evt_1");
    store.complete(first);
    Claim retry = store.claim("evt_1");
    store.release(first);

    assertEquals(ClaimStatus.NEW, first.status());
    assertEquals("evt_1", first.key());
    assertFalse(first.token().isEmpty(), "a new claim carries a token");
    assertEquals(ClaimStatus.IN_FLIGHT, concurrent.status());
    assertEquals(ClaimStatus.DONE, retry.status());
    assertEquals(
        ClaimStatus.DONE,
        store.claim("evt_1").status(),
        "releasing a completed claim forgets nothing");
  }

  /** A released key is {@code NEW} again. */
  @Test
  public void releasedKeyCanBeClaimedAgain() {
    IdempotencyStore store = createStore();

    store.release(store.claim("evt_1"));

    assertEquals(ClaimStatus.NEW, store.claim("evt_1").status());
  }

  /**
   * A claim neither completed nor released blocks its key for the lease, then is taken over; the
   * old holder's token then settles nothing.
   */
  @Test
  public void expiredLeaseIsTakenOverAndTheOldHolderCannotSettleIt() throws InterruptedException {
    IdempotencyStore store = createStore();
    Claim crashed = store.claim("evt_1");
    elapse(lease().minus(edge()));
    assertEquals(ClaimStatus.IN_FLIGHT, store.claim("evt_1").status());

    elapse(edge());
    Claim takeover = store.claim("evt_1");
    store.release(crashed);
    store.complete(crashed);

    assertEquals(ClaimStatus.NEW, takeover.status());
    assertNotEquals(crashed.token(), takeover.token());
    assertEquals(ClaimStatus.IN_FLIGHT, store.claim("evt_1").status());
    store.complete(takeover);
    assertEquals(ClaimStatus.DONE, store.claim("evt_1").status());
  }

  /** A done key is remembered for the retention, and is {@code NEW} once it is older. */
  @Test
  public void doneKeyOlderThanTheRetentionIsClaimableAgain() throws InterruptedException {
    IdempotencyStore store = createStore();
    store.complete(store.claim("evt_1"));

    // The retention's last millisecond (its end less the edge, for a store that waits).
    elapse(retention().minus(edge()).plusMillis(1));
    assertEquals(ClaimStatus.DONE, store.claim("evt_1").status());
    elapse(edge());
    Claim again = store.claim("evt_1");

    assertEquals(ClaimStatus.NEW, again.status());
    assertEquals(ClaimStatus.IN_FLIGHT, store.claim("evt_1").status());
    store.complete(again);
    assertEquals(ClaimStatus.DONE, store.claim("evt_1").status());
  }

  /** Of 200 concurrent claims of one key, exactly one is {@code NEW}. */
  @Test
  public void concurrentClaimsOfOneKeyYieldExactlyOneNew() throws Exception {
    IdempotencyStore store = createStore();
    ExecutorService executor = Executors.newFixedThreadPool(16);
    try {
      List<Callable<ClaimStatus>> tasks = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        tasks.add(() -> store.claim("same").status());
      }
      List<ClaimStatus> statuses = new ArrayList<>();
      for (Future<ClaimStatus> future : executor.invokeAll(tasks)) {
        statuses.add(future.get());
      }

      assertEquals(1, Collections.frequency(statuses, ClaimStatus.NEW));
      assertEquals(199, Collections.frequency(statuses, ClaimStatus.IN_FLIGHT));
    } finally {
      executor.shutdownNow();
    }
  }

  /**
   * Keys are compared exactly: case, trailing spaces, long keys, Unicode normalization and lone
   * surrogates all make different keys.
   */
  @Test
  public void keysAreComparedExactly() {
    IdempotencyStore store = createStore();
    List<String> keys =
        List.of(
            "evt_A",
            "evt_a",
            "evt_a ",
            "x".repeat(512),
            "x".repeat(600),
            "x".repeat(600) + "y",
            "tab\tkey",
            "sha256:" + "0".repeat(64),
            "\u00e9",
            "e\u0301",
            "\ud83d\ude00",
            "lone\ud800");

    List<ClaimStatus> first = new ArrayList<>();
    for (String key : keys) {
      Claim claim = store.claim(key);
      first.add(claim.status());
      store.complete(claim);
    }
    List<ClaimStatus> second = new ArrayList<>();
    for (String key : keys) {
      second.add(store.claim(key).status());
    }

    assertEquals(Collections.nCopies(keys.size(), ClaimStatus.NEW), first);
    assertEquals(Collections.nCopies(keys.size(), ClaimStatus.DONE), second);
  }

  /**
   * A receiver whose claim is held by a processor that died answers 503 during the lease, then
   * takes the claim over and runs the handler once.
   */
  @Test
  public void claimOfADeadProcessorIsTakenOverAfterTheLeaseAndProcessedOnce()
      throws InterruptedException {
    IdempotencyStore store = createStore();
    AtomicInteger runs = new AtomicInteger();
    WebhookReceiver survivor =
        Lucca.receiver(TestSigners.LUCCA_SECRET)
            .idempotencyStore(store)
            .on(LuccaTopics.EMPLOYEE_UPDATED, event -> runs.incrementAndGet())
            .build();
    SignedRequests delivery =
        SignedRequests.lucca(TestSigners.LUCCA_SECRET)
            .event(LuccaFixtures.employeeUpdated().id("evt-dead"));
    String key = "lucca|" + LuccaFixtures.SOURCE + "|evt-dead";
    Claim dead = store.claim(key);
    assertEquals(ClaimStatus.NEW, dead.status());

    WebhookResponse duringLease = survivor.receive(delivery.build());
    elapse(lease().plusSeconds(1));
    WebhookResponse afterLease = survivor.receive(delivery.build());
    WebhookResponse retry = survivor.receive(delivery.build());
    store.complete(dead);
    store.release(dead);

    assertEquals(503, duringLease.status());
    assertEquals("5", duringLease.headers().get("Retry-After"));
    assertEquals(200, afterLease.status());
    assertEquals(200, retry.status());
    assertEquals(1, runs.get());
    assertEquals(ClaimStatus.DONE, store.claim(key).status());
  }

  /**
   * Two endpoints sharing the store keep an event id they both receive apart: each runs its handler
   * once, under its own namespaced key.
   */
  @Test
  public void twoEndpointsSharingTheStoreKeepTheSameEventIdApart() {
    IdempotencyStore shared = createStore();
    List<String> runs = new CopyOnWriteArrayList<>();
    WebhookReceiver standardWebhooks =
        StandardWebhooks.receiver(TestSigners.STANDARD_WEBHOOKS_SECRET)
            .idempotencyStore(shared)
            .onAny(event -> runs.add("standard-webhooks " + event.id()))
            .build();
    WebhookReceiver stripe =
        Stripe.receiver(TestSigners.STRIPE_SECRET)
            .idempotencyStore(shared)
            .onAny(event -> runs.add("stripe " + event.id()))
            .build();
    SignedRequests standardWebhooksX = standardWebhooksEvent("evt_X");
    SignedRequests stripeX = stripeEvent("evt_X");

    assertEquals(200, standardWebhooks.receive(standardWebhooksX.build()).status());
    assertEquals(200, stripe.receive(stripeX.build()).status());
    assertEquals(200, stripe.receive(stripeX.build()).status());
    assertEquals(200, standardWebhooks.receive(standardWebhooksX.build()).status());

    assertEquals(List.of("standard-webhooks evt_X", "stripe evt_X"), runs);
    assertEquals(ClaimStatus.DONE, shared.claim("stripe|evt_X").status());
    assertEquals(ClaimStatus.DONE, shared.claim("standard-webhooks|evt_X").status());
  }
}
