package dev.hookline.receiver.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.idempotency.Claim;
import dev.hookline.receiver.idempotency.Claim.ClaimStatus;
import dev.hookline.receiver.idempotency.IdempotencyStore;
import dev.hookline.receiver.idempotency.InMemoryIdempotencyStore;
import dev.hookline.receiver.internal.KeyNamespaces;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The inbox's marker keys stay in the namespace of the event key they mark, so that the bounded
 * in-memory store keeps one endpoint's or tenant's markers apart from another's.
 */
class ClaimsTest {

  private static final String TOPIC = "hookline-lucca";

  @Test
  void markersAreKeptUnderTheEventKeysNamespace() {
    String key = "lucca/acme|https://example.ilucca.net|evt_1";

    assertThat(Claims.accepted(TOPIC, key))
        .isEqualTo(
            "lucca/acme|hookline-lucca|accepted|lucca/acme|https://example.ilucca.net|evt_1");
    assertThat(Claims.handled(TOPIC, key))
        .isEqualTo("lucca/acme|hookline-lucca|handled|lucca/acme|https://example.ilucca.net|evt_1");
    assertThat(KeyNamespaces.of(Claims.accepted(TOPIC, key))).isEqualTo("lucca/acme");
    assertThat(KeyNamespaces.of(Claims.handled(TOPIC, key))).isEqualTo("lucca/acme");
  }

  /** A key without a namespace keeps the empty one, and the markers of two topics differ. */
  @Test
  void aKeyWithoutANamespaceKeepsTheEmptyOneAndTopicsStayApart() {
    assertThat(Claims.accepted(TOPIC, "evt_1")).isEqualTo("|hookline-lucca|accepted|evt_1");
    assertThat(Claims.handled(TOPIC, "evt_1")).isEqualTo("|hookline-lucca|handled|evt_1");
    assertThat(KeyNamespaces.of(Claims.accepted(TOPIC, "evt_1"))).isEmpty();
    assertThat(Claims.accepted("other", "lucca|evt_1"))
        .isNotEqualTo(Claims.accepted(TOPIC, "lucca|evt_1"));
  }

  /**
   * Both tenants' events go to one Kafka topic. Evil, who signs only for itself, floods the store
   * with ten times its bound of markers; acme's accepted and handled markers are all still done.
   */
  @Test
  void aTenantFloodingABoundedStoreWithMarkersEvictsItsOwnNeverAnotherTenants() {
    InMemoryIdempotencyStore store = InMemoryIdempotencyStore.builder().maxEntries(1_000).build();
    List<String> acme = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      acme.add("lucca/acme|https://example.ilucca.net|acme-" + i);
    }
    acme.forEach(key -> acceptAndHandle(store, key));

    for (int i = 0; i < 5_000; i++) {
      acceptAndHandle(store, "lucca/evil|https://example.ilucca.net|flood-" + i);
    }

    for (String key : acme) {
      assertThat(store.claim(Claims.accepted(TOPIC, key)).status())
          .as("accepted %s", key)
          .isEqualTo(ClaimStatus.DONE);
      assertThat(store.claim(Claims.handled(TOPIC, key)).status())
          .as("handled %s", key)
          .isEqualTo(ClaimStatus.DONE);
    }
    assertThat(store.size()).isEqualTo(1_000);
  }

  /** What the inbox does with an event's key: marks it accepted, then handled. */
  private static void acceptAndHandle(IdempotencyStore store, String key) {
    for (String marker : List.of(Claims.accepted(TOPIC, key), Claims.handled(TOPIC, key))) {
      Claim claim = store.claim(marker);
      assertThat(claim.status()).as(marker).isEqualTo(ClaimStatus.NEW);
      store.complete(claim);
    }
  }
}
