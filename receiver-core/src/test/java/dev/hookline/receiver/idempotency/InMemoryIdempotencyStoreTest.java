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
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What only the in-memory store does: its bound, its bulk purge and its settings. The contract
 * every store keeps runs in the test kit ({@code InMemoryIdempotencyStoreContractTest}).
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
