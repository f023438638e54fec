package dev.hookline.receiver.signature;

import dev.hookline.receiver.core.WebhookConfigurationException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where an endpoint with tenants finds each tenant's signing secrets, e.g. for {@code
 * /webhooks/lucca/{tenant}}, where each customer's Lucca instance signs with a secret of its own.
 * The receiver asks for the secrets of the tenant a request names and verifies the request with
 * those alone, so that one tenant's secret never verifies a request on another tenant's path.
 *
 * <p>Implementations: {@link #of(Map)}, a fixed map; {@link #cached}, which bounds how often a
 * slower source (a database, a vault) is asked; or the application's own, for which a lambda will
 * do. Implementations must be thread-safe.
 *
 * <pre>{@code
 * SecretSource secrets = SecretSource.cached(tenantTable::secrets, Duration.ofMinutes(1));
 * WebhookReceiver receiver = WebhookReceiver.builder()
 *     .provider(Lucca.PROVIDER)
 *     .verifier(Lucca.scheme(), secrets)
 *     .on(...)
 *     .build();
 * }</pre>
 */
@FunctionalInterface
public interface SecretSource {

  /**
   * How many answers {@link #cached} keeps at most: {@value}. Past it, expired answers go first,
   * then answers without secrets, then all.
   */
  int CACHE_CAPACITY = 10_000;

  /**
   * The secrets the tenant signs with now, for the named endpoint: several during a rotation, each
   * of which verifies; empty when the tenant is unknown or has no secrets, which the receiver
   * answers 401 exactly like a bad signature (never 404 or 410, which make senders such as Lucca
   * suspend an endpoint).
   *
   * @param endpoint the receiver's endpoint name, e.g. {@code lucca}
   * @param tenant a valid tenant id (the receiver checked its form: 1 to 64 ASCII letters, digits,
   *     {@code .}, {@code _} or {@code -}, starting with a letter or a digit), but otherwise as the
   *     request's path wrote it: it may name no tenant at all
   * @return the secrets, never null
   * @throws RuntimeException when the secrets cannot be looked up now (a database down); the
   *     receiver answers the request as it answers an unreachable idempotency store, 503 with
   *     {@code Retry-After}, so that the sender retries
   */
  List<String> secrets(String endpoint, String tenant);

  /**
   * A fixed source: each tenant's secrets from the map, whatever the endpoint; no secrets for a
   * tenant the map lacks. The map and lists are copied.
   *
   * @param secretsByTenant the secrets of each tenant, several during a rotation
   * @throws WebhookConfigurationException if a tenant id is not valid, a secret is empty or blank,
   *     or two tenants share a secret (each would verify the other's requests); the message names
   *     tenants, and secrets only by position
   */
  static SecretSource of(Map<String, List<String>> secretsByTenant) {
    return new StaticSecretSource(secretsByTenant);
  }

  /**
   * The source's answers kept for at most {@code maxAge} by the system clock; see {@link
   * #cached(SecretSource, Duration, Clock)}.
   */
  static SecretSource cached(SecretSource source, Duration maxAge) {
    return cached(source, maxAge, Clock.systemUTC());
  }

  /**
   * The source's answers kept for at most {@code maxAge}: an answer (secrets, or none) is given
   * again until {@code maxAge} after it was fetched, then fetched anew. So a rotated or revoked
   * secret keeps verifying for at most {@code maxAge}, and a tenant added to the source is
   * recognised within {@code maxAge}. A failure is never kept: the next request asks the source
   * again, and an expired answer is never given in its stead. At most {@value #CACHE_CAPACITY}
   * answers are kept. Concurrent requests for an answer not kept may each ask the source.
   *
   * @param maxAge how long an answer may be given after it was fetched; positive
   * @param clock the clock that ages answers
   * @throws WebhookConfigurationException if {@code maxAge} is not positive
   */
  static SecretSource cached(SecretSource source, Duration maxAge, Clock clock) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(clock, "clock");
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new WebhookConfigurationException("maxAge must be positive, but was " + maxAge);
    }
    return new CachingSecretSource(source, maxAge, clock, CACHE_CAPACITY);
  }
}
