package dev.hookline.receiver.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.MutableClock;
import dev.hookline.receiver.core.IdempotencyStoreException;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.idempotency.Claim.ClaimStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What only the in-memory store does: its bound, its stripes, its index, its bulk purge and its
 * settings. The contract every store keeps runs in the test kit ({@code
 * InMemoryIdempotencyStoreContractTest}).
 */
class InMemoryIdempotencyStoreTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

  private InMemoryIdempotencyStore.Builder store() {
    return InMemoryIdempotencyStore.builder()
        .clock(clock)
        .lease(Duration.ofSeconds(30))
        .retention(Duration.ofHours(1));
  }

  @Test
  void aKeyPastItsRetentionIsNewEvenBeforeTheNextBulkPurge() {
    InMemoryIdempotencyStore store = store().build();
    store.complete(store.claim("k"));
    store.complete(store.claim("other"));

    clock.advance(Duration.ofHours(1).minusMillis(500));
    assertThat(store.claim("probe").status()).isEqualTo(ClaimStatus.NEW); // purges: k is kept
    clock.advance(Duration.ofMillis(600)); // k is now past its retention; no purge runs yet

    assertThat(store.claim("k").status()).isEqualTo(ClaimStatus.NEW);
    assertThat(store.size()).isEqualTo(3); // k in flight again, other not yet purged, probe
    clock.advance(Duration.ofSeconds(1));
    store.claim("later");
    assertThat(store.size()).isEqualTo(3); // the purge dropped other: k, probe, later
  }

  @Test
  void fullStoreEvictsTheOldestDoneKeyFirst() {
    InMemoryIdempotencyStore store = store().maxEntries(3).build();
    store.complete(store.claim("a"));
    store.complete(store.claim("b"));
    Claim inFlight = store.claim("c");

    Claim d = store.claim("d");

    assertThat(d.status()).isEqualTo(ClaimStatus.NEW);
    assertThat(store.size()).isEqualTo(3);
    assertThat(store.claim("b").status()).isEqualTo(ClaimStatus.DONE);
    assertThat(store.claim("c").status()).isEqualTo(ClaimStatus.IN_FLIGHT);
    assertThat(inFlight.status()).isEqualTo(ClaimStatus.NEW);
    assertThat(store.claim("a").status()).isEqualTo(ClaimStatus.NEW);
  }

  @Test
  void aNamespaceFillingTheStoreEvictsItsOwnKeysNotThoseOfANamespaceHoldingFewer() {
    InMemoryIdempotencyStore store = store().maxEntries(100).build();
    for (int i = 0; i < 10; i++) {
      store.complete(store.claim("lucca/acme|e-" + i));
    }

    for (int i = 0; i < 1_000; i++) {
      Claim claim = store.claim("lucca/globex|e-" + i);
      assertThat(claim.status()).isEqualTo(ClaimStatus.NEW);
      store.complete(claim);
    }

    assertThat(store.size()).isEqualTo(100);
    for (int i = 0; i < 10; i++) {
      assertThat(store.claim("lucca/acme|e-" + i).status())
          .as("acme e-%d", i)
          .isEqualTo(ClaimStatus.DONE);
    }
    for (int i = 910; i < 1_000; i++) {
      assertThat(store.claim("lucca/globex|e-" + i).status()).isEqualTo(ClaimStatus.DONE);
    }
    assertThat(store.claim("lucca/globex|e-909").status()).isEqualTo(ClaimStatus.NEW);
  }

  @Test
  void aNamespaceHoldingMoreDoneKeysGivesItsOldestUntilTheClaimantHoldsAsMany() {
    InMemoryIdempotencyStore store = store().maxEntries(10).build();
    for (int i = 0; i < 10; i++) {
      store.complete(store.claim("b|" + i));
    }

    // a holds 0 to 4 done keys while claiming a|0 to a|4, b 10 to 6: b gives b|0 to b|4. Then a
    // holds 5 as b does, and a|5 takes a's own oldest, a|0.
    for (int i = 0; i < 6; i++) {
      store.complete(store.claim("a|" + i));
    }

    assertThat(store.size()).isEqualTo(10);
    for (int i = 5; i < 10; i++) {
      assertThat(store.claim("b|" + i).status()).as("b|%d", i).isEqualTo(ClaimStatus.DONE);
    }
    for (int i = 1; i < 6; i++) {
      assertThat(store.claim("a|" + i).status()).as("a|%d", i).isEqualTo(ClaimStatus.DONE);
    }
    assertThat(store.claim("a|0").status()).isEqualTo(ClaimStatus.NEW);
  }

  @Test
  void theNamespaceWithTheMostDoneKeysIsEvictedFromWhoeverClaims() {
    InMemoryIdempotencyStore store = store().maxEntries(9).build();
    for (int i = 0; i < 3; i++) {
      store.release(store.claim("gone|" + i)); // a namespace forgotten with its last key
    }
    store.complete(store.claim("a|0")); // the oldest done key
    for (int i = 0; i < 5; i++) {
      store.complete(store.claim("c|" + i));
    }
    store.complete(store.claim("b|0"));
    store.complete(store.claim("b|1"));
    Claim inFlight = store.claim("a|1");

    store.complete(store.claim("d|0")); // c holds 5, the most: c|0 goes
    store.complete(store.claim("b|2")); // c holds 4, b 2: c|1 goes

    assertThat(inFlight.status()).isEqualTo(ClaimStatus.NEW);
    assertThat(store.size()).isEqualTo(9);
    assertThat(store.claim("a|1").status()).isEqualTo(ClaimStatus.IN_FLIGHT);
    for (String kept : List.of("c|2", "c|3", "c|4", "a|0", "b|0", "b|1", "b|2", "d|0")) {
      assertThat(store.claim(kept).status()).as(kept).isEqualTo(ClaimStatus.DONE);
    }
    assertThat(store.claim("c|1").status()).isEqualTo(ClaimStatus.NEW);
  }

  @Test
  void aNamespaceFloodingAStripedStoreLeavesEveryKeyOfASmallerOne() {
    InMemoryIdempotencyStore store = store().maxEntries(65_536).build(); // 16 stripes of 4,096
    for (int i = 0; i < 2_000; i++) {
      store.complete(store.claim("github|delivery-" + i));
    }

    for (int i = 0; i < 300_000; i++) {
      store.complete(store.claim("standard-webhooks|msg-" + i));
    }

    assertThat(store.size()).isEqualTo(65_536);
    for (int i = 0; i < 2_000; i++) {
      assertThat(store.claim("github|delivery-" + i).status()).isEqualTo(ClaimStatus.DONE);
    }
    assertThat(store.claim("standard-webhooks|msg-0").status()).isEqualTo(ClaimStatus.NEW);
  }

  @Test
  void randomClaimsCompletionsAndReleasesOverNamespacesKeepCountsAndHeldKeys() {
    int capacity = 40;
    InMemoryIdempotencyStore store = store().maxEntries(capacity).build();
    Random random = new Random(11);
    List<Claim> held = new ArrayList<>();
    int size = 0;
    for (int step = 0; step < 20_000; step++) {
      int action = random.nextInt(10);
      if (action < 5 || held.isEmpty()) {
        String key = "ns-" + random.nextInt(6) + "|" + step;
        if (size == capacity && held.size() == capacity) {
          assertThatThrownBy(() -> store.claim(key)).isInstanceOf(IdempotencyStoreException.class);
        } else {
          Claim claim = store.claim(key);
          assertThat(claim.status()).isEqualTo(ClaimStatus.NEW);
          held.add(claim);
          size = Math.min(capacity, size + 1);
        }
      } else {
        Claim claim = held.remove(random.nextInt(held.size()));
        assertThat(store.claim(claim.key()).status()).isEqualTo(ClaimStatus.IN_FLIGHT);
        if (action < 8) {
          store.complete(claim);
          assertThat(store.claim(claim.key()).status()).isEqualTo(ClaimStatus.DONE);
        } else {
          store.release(claim);
          size--;
        }
      }
      assertThat(store.size()).as("step %d", step).isEqualTo(size);
    }
  }

  @Test
  void keysOfEveryNamespaceArePurgedPastTheirRetention() {
    InMemoryIdempotencyStore store = store().build();
    for (String key : List.of("a|1", "a|2", "b|1", "c/t|1", "bare")) {
      store.complete(store.claim(key));
    }
    clock.advance(Duration.ofMinutes(30));
    store.complete(store.claim("b|2"));

    clock.advance(Duration.ofMinutes(31)); // past the first five's retention, not b|2's
    store.claim("probe");

    assertThat(store.size()).isEqualTo(2);
    assertThat(store.claim("b|2").status()).isEqualTo(ClaimStatus.DONE);
  }

  @Test
  void storeFullOfInFlightKeysRefusesNewClaims() {
    InMemoryIdempotencyStore store = store().maxEntries(2).build();
    store.claim("a");
    store.claim("b");

    assertThatThrownBy(() -> store.claim("c"))
        .isInstanceOf(IdempotencyStoreException.class)
        .hasMessage("in-memory idempotency store is full: 2 deliveries in flight");
    assertThat(store.claim("a").status()).isEqualTo(ClaimStatus.IN_FLIGHT);
  }

  @Test
  void concurrentClaimsOfManyKeysGiveEachKeyOneHolder() throws Exception {
    InMemoryIdempotencyStore store = store().build();
    int keys = 2_000;
    int threads = 8;
    AtomicInteger acquired = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        runs.add(
            executor.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < keys; i++) {
                    Claim claim = store.claim("key-" + i);
                    if (claim.status() == ClaimStatus.NEW) {
                      acquired.incrementAndGet();
                      store.complete(claim);
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> run : runs) {
        run.get(30, TimeUnit.SECONDS);
      }
    } finally {
      executor.shutdownNow();
    }

    assertThat(acquired).hasValue(keys);
    assertThat(store.size()).isEqualTo(keys);
    assertThat(store.claim("key-0").status()).isEqualTo(ClaimStatus.DONE);
  }

  @Test
  void concurrentClaimsKeepTheBoundWithinTheNumberOfClaimingThreads() throws Exception {
    int maxEntries = 100;
    int threads = 8;
    InMemoryIdempotencyStore store = store().maxEntries(maxEntries).build();
    AtomicInteger largest = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        runs.add(
            executor.submit(
                () -> {
                  for (int i = 0; i < 5_000; i++) {
                    store.complete(store.claim(thread + "-" + i));
                    largest.accumulateAndGet(store.size(), Math::max);
                  }
                  return null;
                }));
      }
      for (Future<?> run : runs) {
        run.get(30, TimeUnit.SECONDS);
      }
    } finally {
      executor.shutdownNow();
    }

    assertThat(largest.get()).isLessThanOrEqualTo(maxEntries + threads);
    assertThat(store.size()).isBetween(maxEntries, maxEntries + threads);
    // The newest keys are kept, the oldest evicted.
    store.complete(store.claim("last"));
    assertThat(store.claim("last").status()).isEqualTo(ClaimStatus.DONE);
    assertThat(store.claim("0-0").status()).isEqualTo(ClaimStatus.NEW);
  }

  @Test
  void aStripedStoreKeepsItsBoundExactlyAndEvictsTheOldestKeys() {
    InMemoryIdempotencyStore store = store().maxEntries(20_000).build(); // 4 stripes of 5,000
    for (int i = 0; i < 100_000; i++) {
      Claim claim = store.claim("key-" + i);
      assertThat(claim.status()).isEqualTo(ClaimStatus.NEW);
      store.complete(claim);
    }

    assertThat(store.size()).isEqualTo(20_000);
    // The newest 10,000 spread over the stripes, about 2,500 each: every one is kept.
    for (int i = 90_000; i < 100_000; i++) {
      assertThat(store.claim("key-" + i).status()).isEqualTo(ClaimStatus.DONE);
    }
    for (int i = 0; i < 1_000; i++) {
      assertThat(store.claim("key-" + i).status()).isEqualTo(ClaimStatus.NEW);
    }
  }

  @Test
  void aStripeFullOfInFlightKeysRefusesItsNewClaims() {
    InMemoryIdempotencyStore store = store().maxEntries(16_384).build(); // 4 stripes of 4,096
    int claimed = 0;
    IdempotencyStoreException refusal = null;
    while (refusal == null) {
      try {
        store.claim("key-" + claimed);
        claimed++;
      } catch (IdempotencyStoreException e) {
        refusal = e;
      }
    }

    assertThat(refusal)
        .hasMessage(
            "in-memory idempotency store is full: 4096 deliveries in flight in one of its 4"
                + " stripes");
    assertThat(claimed).isBetween(4_096, 16_383);
    assertThat(store.size()).isEqualTo(claimed);
    assertThat(store.claim("key-0").status()).isEqualTo(ClaimStatus.IN_FLIGHT);
  }

  @Test
  void releasingKeysInAnyOrderLeavesEveryOtherKeyFound() {
    InMemoryIdempotencyStore store = store().maxEntries(5_000).build();
    List<Claim> claims = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      claims.add(store.claim("key-" + i));
    }
    List<Claim> released = new ArrayList<>();
    for (int i = 0; i < claims.size(); i += 3) {
      released.add(claims.get(i));
    }
    Collections.shuffle(released, new Random(7));
    released.forEach(store::release);

    assertThat(store.size()).isEqualTo(2_000);
    for (int i = 0; i < 3_000; i++) {
      assertThat(store.claim("key-" + i).status())
          .as("key-%d", i)
          .isEqualTo(i % 3 == 0 ? ClaimStatus.NEW : ClaimStatus.IN_FLIGHT);
    }
  }

  @Test
  void aTokenThisStoreDidNotGiveSettlesNothing() {
    InMemoryIdempotencyStore store = store().build();
    Claim held = store.claim("k");

    for (String token : List.of("", "x", "-1", "0", "99999999999999999999", held.token() + "0")) {
      store.complete(Claim.acquired("k", token));
      store.release(Claim.acquired("k", token));
    }

    assertThat(store.claim("k").status()).isEqualTo(ClaimStatus.IN_FLIGHT);
    store.complete(held);
    assertThat(store.claim("k").status()).isEqualTo(ClaimStatus.DONE);
  }

  @Test
  void invalidSettingsFailAtBuild() {
    assertThatThrownBy(() -> store().maxEntries(0).build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("maxEntries must be positive, but was 0");
    assertThatThrownBy(() -> store().lease(Duration.ZERO).build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("lease must be positive, but was PT0S");
    assertThatThrownBy(() -> store().retention(Duration.ofSeconds(-1)).build())
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("retention must be positive, but was PT-1S");
  }
}
