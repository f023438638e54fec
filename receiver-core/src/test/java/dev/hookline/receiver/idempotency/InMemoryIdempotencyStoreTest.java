package dev.hookline.receiver.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.MutableClock;
import dev.hookline.receiver.core.IdempotencyStoreException;
import dev.hookline.receiver.core.WebhookConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InMemoryIdempotencyStoreTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

  private InMemoryIdempotencyStore.Builder store() {
    return InMemoryIdempotencyStore.builder()
        .clock(clock)
        .lease(Duration.ofSeconds(30))
        .retention(Duration.ofHours(1));
  }

  @Test
  void firstClaimIsNewThenInFlightThenDoneAfterCompletion() {
    InMemoryIdempotencyStore store = store().build();

    Claim first = store.claim("k");
    Claim concurrent = store.claim("k");
    store.complete(first);
    Claim retry = store.claim("k");

    assertThat(first.status()).isEqualTo(ClaimStatus.NEW);
    assertThat(first.token()).isNotEmpty();
    assertThat(concurrent.status()).isEqualTo(ClaimStatus.IN_FLIGHT);
    assertThat(retry.status()).isEqualTo(ClaimStatus.DONE);
  }

  @Test
  void releasedKeyCanBeClaimedAgain() {
    InMemoryIdempotencyStore store = store().build();

    store.release(store.claim("k"));

    assertThat(store.claim("k").status()).isEqualTo(ClaimStatus.NEW);
  }

  @Test
  void expiredLeaseIsTakenOverAndTheOldHolderCannotSettleIt() {
    InMemoryIdempotencyStore store = store().build();
    Claim crashed = store.claim("k");
    clock.advance(Duration.ofSeconds(29));
    assertThat(store.claim("k").status()).isEqualTo(ClaimStatus.IN_FLIGHT);

    clock.advance(Duration.ofSeconds(2));
    Claim takeover = store.claim("k");
    store.release(crashed);

    assertThat(takeover.status()).isEqualTo(ClaimStatus.NEW);
    assertThat(takeover.token()).isNotEqualTo(crashed.token());
    assertThat(store.claim("k").status()).isEqualTo(ClaimStatus.IN_FLIGHT);
    store.complete(takeover);
    assertThat(store.claim("k").status()).isEqualTo(ClaimStatus.DONE);
  }

  @Test
  void doneKeysAreForgottenAfterTheRetention() {
    InMemoryIdempotencyStore store = store().build();
    store.complete(store.claim("k"));

    clock.advance(Duration.ofMinutes(59));
    assertThat(store.claim("k").status()).isEqualTo(ClaimStatus.DONE);
    clock.advance(Duration.ofMinutes(2));

    assertThat(store.claim("k").status()).isEqualTo(ClaimStatus.NEW);
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
  void concurrentClaimsOfOneKeyYieldExactlyOneNew() throws Exception {
    InMemoryIdempotencyStore store = InMemoryIdempotencyStore.create();
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

      assertThat(statuses).filteredOn(s -> s == ClaimStatus.NEW).hasSize(1);
      assertThat(statuses).filteredOn(s -> s == ClaimStatus.IN_FLIGHT).hasSize(199);
    } finally {
      executor.shutdownNow();
    }
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
