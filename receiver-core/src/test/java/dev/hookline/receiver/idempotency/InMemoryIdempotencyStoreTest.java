package dev.hookline.receiver.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.MutableClock;
import dev.hookline.receiver.core.IdempotencyStoreException;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.idempotency.Claim.ClaimStatus;
import java.time.Duration;
import java.time.Instant;
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
