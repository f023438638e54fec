package dev.hookline.receiver.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.MutableClock;
import dev.hookline.receiver.core.WebhookConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SecretSourceTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final Map<String, List<String>> vault = new ConcurrentHashMap<>();
  private final List<String> asked = new CopyOnWriteArrayList<>();
  private final SecretSource counting =
      (endpoint, tenant) -> {
        asked.add(endpoint + "/" + tenant);
        return vault.getOrDefault(tenant, List.of());
      };

  // --- the fixed map ---------------------------------------------------------------------------

  @Test
  void aFixedSourceAnswersEachTenantsSecretsWhateverTheEndpointAndNoneForOthers() {
    List<String> acme = new ArrayList<>(List.of("a1", "a2"));
    Map<String, List<String>> map = new HashMap<>(Map.of("acme", acme, "Globex.eu_2", List.of()));
    SecretSource source = SecretSource.of(map);
    acme.add("added later");
    map.put("late", List.of("l"));

    assertThat(source.secrets("lucca", "acme")).containsExactly("a1", "a2");
    assertThat(source.secrets("other", "acme")).containsExactly("a1", "a2");
    assertThat(source.secrets("lucca", "Globex.eu_2")).isEmpty();
    assertThat(source.secrets("lucca", "late")).isEmpty();
    assertThat(source.secrets("lucca", "ACME")).isEmpty();
    assertThat(source).hasToString("SecretSource.of[2 tenants]");
  }

  @Test
  void aFixedSourceRefusesInvalidTenantsBlankSecretsAndSecretsSharedByTwoTenants() {
    assertThatThrownBy(() -> SecretSource.of(Map.of("../acme", List.of("s"))))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage(
            "tenant id must be 1 to 64 ASCII letters, digits, '.', '_' or '-', starting with a"
                + " letter or a digit, but was \"../acme\"");
    assertThatThrownBy(() -> SecretSource.of(Map.of("a".repeat(65), List.of("s"))))
        .isInstanceOf(WebhookConfigurationException.class);
    assertThatThrownBy(() -> SecretSource.of(Map.of("acme", List.of("s", " "))))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("secret #2 of tenant acme is empty or blank");
    Map<String, List<String>> shared = new java.util.TreeMap<>();
    shared.put("acme", List.of("same-secret"));
    shared.put("globex", List.of("own", "same-secret"));
    assertThatThrownBy(() -> SecretSource.of(shared))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessageNotContaining("same-secret")
        .hasMessageMatching(
            "secret #\\d of tenant \\w+ is also a secret of tenant \\w+: each would verify the"
                + " other's requests");
  }

  // --- the cache -------------------------------------------------------------------------------

  @Test
  void anAnswerIsKeptForAtMostMaxAgeThenFetchedAgain() {
    vault.put("acme", List.of("old"));
    SecretSource cached = SecretSource.cached(counting, Duration.ofSeconds(30), clock);

    assertThat(cached.secrets("lucca", "acme")).containsExactly("old");
    vault.put("acme", List.of("new"));
    clock.advance(Duration.ofSeconds(29));
    assertThat(cached.secrets("lucca", "acme")).containsExactly("old");
    clock.advance(Duration.ofSeconds(1));
    assertThat(cached.secrets("lucca", "acme")).containsExactly("new");

    assertThat(asked).containsExactly("lucca/acme", "lucca/acme");
  }

  @Test
  void answersAreKeptPerEndpointAndTenant() {
    vault.put("acme", List.of("s"));
    SecretSource cached = SecretSource.cached(counting, Duration.ofMinutes(1), clock);

    cached.secrets("lucca", "acme");
    cached.secrets("arta", "acme");
    cached.secrets("lucca", "globex");
    cached.secrets("lucca", "acme");

    assertThat(asked).containsExactly("lucca/acme", "arta/acme", "lucca/globex");
  }

  @Test
  void anUnknownTenantIsKeptAsUnknownForAtMostMaxAge() {
    SecretSource cached = SecretSource.cached(counting, Duration.ofSeconds(10), clock);

    assertThat(cached.secrets("lucca", "newcomer")).isEmpty();
    vault.put("newcomer", List.of("s"));
    assertThat(cached.secrets("lucca", "newcomer")).isEmpty();
    clock.advance(Duration.ofSeconds(10));

    assertThat(cached.secrets("lucca", "newcomer")).containsExactly("s");
    assertThat(asked).hasSize(2);
  }

  @Test
  void aFailureIsNeverKeptAndAnExpiredAnswerIsNeverGivenInstead() {
    vault.put("acme", List.of("s"));
    AtomicBoolean down = new AtomicBoolean();
    SecretSource flaky =
        (endpoint, tenant) -> {
          if (down.get()) {
            throw new IllegalStateException("database down");
          }
          return counting.secrets(endpoint, tenant);
        };
    SecretSource cached = SecretSource.cached(flaky, Duration.ofSeconds(10), clock);
    cached.secrets("lucca", "acme");
    clock.advance(Duration.ofSeconds(10));
    down.set(true);

    assertThatThrownBy(() -> cached.secrets("lucca", "acme"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> cached.secrets("lucca", "acme"))
        .isInstanceOf(IllegalStateException.class);
    down.set(false);
    assertThat(cached.secrets("lucca", "acme")).containsExactly("s");
    assertThat(asked).hasSize(2);
  }

  @Test
  void aClockSetBackDoesNotStretchAnAnswersLife() {
    vault.put("acme", List.of("old"));
    SecretSource cached = SecretSource.cached(counting, Duration.ofSeconds(10), clock);
    cached.secrets("lucca", "acme");
    vault.put("acme", List.of("new"));

    clock.advance(Duration.ofHours(-1));

    assertThat(cached.secrets("lucca", "acme")).containsExactly("new");
  }

  @Test
  void theCacheIsBoundedAndKeepsKnownTenantsBeforeUnknownOnes() {
    vault.put("acme", List.of("s"));
    CachingSecretSource cached =
        new CachingSecretSource(counting, Duration.ofMinutes(1), clock, 100);
    cached.secrets("lucca", "acme");

    for (int i = 0; i < 1000; i++) {
      cached.secrets("lucca", "probe-" + i);
    }
    asked.clear();
    cached.secrets("lucca", "acme");

    assertThat(cached.size()).isLessThanOrEqualTo(100);
    assertThat(asked).as("the known tenant was kept").isEmpty();
  }

  @Test
  void aCacheNeedsAPositiveMaxAgeAndNeverShowsSecrets() {
    assertThatThrownBy(() -> SecretSource.cached(counting, Duration.ZERO))
        .isInstanceOf(WebhookConfigurationException.class)
        .hasMessage("maxAge must be positive, but was PT0S");
    assertThat(
            SecretSource.cached(
                SecretSource.of(Map.of("acme", List.of("hush"))), Duration.ofMinutes(1)))
        .hasToString("SecretSource.cached[maxAge=PT1M, source=SecretSource.of[1 tenants]]");
  }
}
