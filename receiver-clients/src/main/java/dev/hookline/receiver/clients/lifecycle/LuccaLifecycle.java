package dev.hookline.receiver.clients.lifecycle;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.clients.ApiException;
import dev.hookline.receiver.clients.lucca.CreatedEndpoint;
import dev.hookline.receiver.clients.lucca.LuccaClient;
import dev.hookline.receiver.clients.lucca.WebhookEndpoint;
import dev.hookline.receiver.clients.replay.LuccaReplayer;
import dev.hookline.receiver.clients.replay.ReplayReport;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.signature.SecretStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Each tenant's Lucca webhook endpoint, managed: provisioned with its shown-once secret stored
 * first, reconciled (a suspended endpoint reactivated and what failed meanwhile replayed), and
 * deprovisioned. Each tenant has a Lucca instance of its own ({@link LuccaTenant}); its secrets are
 * kept in a {@link SecretStore} under the name of the endpoint's receiver ({@link
 * WebhookReceiver#endpoint()}), the same store the receiver reads them from (through {@link
 * dev.hookline.receiver.signature.SecretSource#cached}: a secret stored now verifies within the
 * cache's {@code maxAge}; until then Lucca's deliveries are answered 401 and retried).
 *
 * <p>A tenant's endpoint is found by its {@code webhookUrl}, which must therefore be the tenant's
 * own (e.g. {@code https://hooks.example.com/webhooks/lucca/acme}). Operations on one tenant must
 * not run concurrently (run them from one place, e.g. one scheduled job); different tenants may.
 *
 * <p><b>Secret rotation.</b> Lucca's API returns an endpoint's secret once, when it is created, and
 * offers no way to reset or read it ({@code PATCH} changes the name, URL, topics, status and
 * content type only). So a Lucca secret changes only with its endpoint: deprovision and provision
 * the tenant again (events raised in between are not delivered to it), or create a second endpoint
 * at the same URL yourself, add its secret to the store, and delete the first endpoint once the
 * second delivers (the events both deliver are deduplicated by their {@code source|id} key). This
 * class offers no Lucca rotation of its own; {@link ArtaLifecycle#rotate} rotates Arta's token.
 *
 * <pre>{@code
 * LuccaLifecycle lifecycle = LuccaLifecycle.builder(receiver, vault, tenant -> Optional.of(
 *         new LuccaTenant(tenant, clients.get(tenant), EndpointCreation.of(
 *             URI.create("https://hooks.example.com/webhooks/lucca/" + tenant),
 *             List.of("employee.*")))))
 *     .build();
 * lifecycle.provision("acme");
 * lifecycle.reconcileAll().forEach(report -> log.info("{}", report));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class LuccaLifecycle {

  /**
   * How far back a reconciliation replays the deliveries of a reactivated endpoint: 3 days. Keep it
   * shorter than the idempotency store's retention (7 days by default), so that every event handled
   * live in the window is still recognised as handled.
   */
  public static final Duration DEFAULT_REPLAY_WINDOW = Duration.ofDays(3);

  private final Lifecycles<LuccaTenant> tenants;
  private final WebhookReceiver receiver;
  private final Duration replayWindow;
  private final Clock clock;

  private LuccaLifecycle(Builder builder) {
    this.tenants = new Lifecycles<>(builder.receiver, builder.store, builder.tenants);
    this.receiver = builder.receiver;
    this.replayWindow = builder.replayWindow;
    this.clock = builder.clock;
  }

  /**
   * Starts a builder.
   *
   * @param receiver the receiver of the endpoint with tenants (its events are replayed through it,
   *     and the secrets are stored under its endpoint name)
   * @param store where the tenants' secrets are kept; the receiver's source reads the same
   * @param tenants each tenant's Lucca instance and endpoint; empty for a tenant it does not know.
   *     Called on every operation: keep the clients it returns (each caches its access token)
   */
  public static Builder builder(
      WebhookReceiver receiver,
      SecretStore store,
      Function<String, Optional<LuccaTenant>> tenants) {
    return new Builder(
        Objects.requireNonNull(receiver, "receiver"),
        Objects.requireNonNull(store, "store"),
        Objects.requireNonNull(tenants, "tenants"));
  }

  /**
   * Creates the tenant's endpoint and stores the secret Lucca returns before anything else. If
   * storing fails, the endpoint just created is deleted (tried {@value
   * ShownOnceSecrets#DELETE_ATTEMPTS} times) and a {@link ProvisioningException} says whether it is
   * gone. Idempotent: when an endpoint at the tenant's URL exists and the tenant has a stored
   * secret, nothing is done ({@link TenantReport.Outcome#ALREADY_PROVISIONED}); when it exists
   * without a stored secret (left by a failed run), nothing can verify it, so it is deleted and
   * created again ({@link TenantReport.Outcome#REPAIRED}).
   *
   * @throws IllegalArgumentException if the tenant is unknown
   * @throws ProvisioningException if the secret could not be stored
   * @throws ApiException if Lucca refuses or cannot be reached; nothing was stored then
   */
  public TenantReport provision(String tenant) {
    LuccaTenant lucca = tenants.tenant(tenant);
    LuccaClient client = lucca.client();
    Optional<WebhookEndpoint> existing = find(lucca);
    TenantReport.Outcome outcome = TenantReport.Outcome.CREATED;
    if (existing.isPresent()) {
      if (tenants.hasSecrets(tenant)) {
        return new TenantReport(
            tenant,
            TenantReport.Outcome.ALREADY_PROVISIONED,
            existing.get().id(),
            null,
            null,
            "endpoint " + existing.get().id() + " exists, status " + existing.get().status());
      }
      client.deleteEndpoint(existing.get().id());
      outcome = TenantReport.Outcome.REPAIRED;
    }
    CreatedEndpoint created = client.createEndpoint(lucca.endpoint());
    String endpointId = created.endpoint().id();
    String secretId =
        tenants.keep(tenant, endpointId, created::secret, () -> client.deleteEndpoint(endpointId));
    return new TenantReport(
        tenant,
        outcome,
        endpointId,
        secretId,
        null,
        (outcome == TenantReport.Outcome.REPAIRED
                ? "endpoint " + existing.get().id() + " had no stored secret and was deleted; "
                : "")
            + "endpoint "
            + endpointId
            + " created, secret stored");
  }

  /**
   * Checks the tenant's endpoint: {@code active} is fine; {@code suspended} is reactivated (Lucca
   * then sends the activation challenge, which the receiver answers) and the events whose delivery
   * did not end delivered within the {@linkplain Builder#replayWindow replay window} are replayed
   * through the receiver as the tenant's, each handled at most once ({@link LuccaReplayer}); only
   * the deliveries to the tenant's endpoint are, not those to other endpoints of its instance;
   * {@code inactive}, another status, or no endpoint at the tenant's URL is reported. An API error
   * is reported as {@link TenantReport.Outcome#FAILED}, not thrown.
   *
   * @throws IllegalArgumentException if the tenant is unknown
   */
  public TenantReport reconcile(String tenant) {
    LuccaTenant lucca = tenants.tenant(tenant);
    try {
      Optional<WebhookEndpoint> found = find(lucca);
      if (found.isEmpty()) {
        return report(
            tenant,
            TenantReport.Outcome.MISSING,
            null,
            "no endpoint at " + lucca.endpoint().webhookUrl());
      }
      WebhookEndpoint endpoint = found.get();
      String status = endpoint.status();
      if (WebhookEndpoint.ACTIVE.equals(status)) {
        return report(tenant, TenantReport.Outcome.ACTIVE, endpoint.id(), "active");
      }
      if (WebhookEndpoint.INACTIVE.equals(status)) {
        return report(
            tenant, TenantReport.Outcome.INACTIVE, endpoint.id(), "inactive: events are dropped");
      }
      if (!endpoint.suspended()) {
        return report(
            tenant, TenantReport.Outcome.UNKNOWN_STATUS, endpoint.id(), "status " + status);
      }
      WebhookEndpoint reactivated = lucca.client().reactivateEndpoint(endpoint);
      ReplayReport replay =
          LuccaReplayer.of(lucca.client(), receiver, tenant)
              .forEndpoint(endpoint.id())
              .replaySince(clock.instant().minus(replayWindow));
      return new TenantReport(
          tenant,
          TenantReport.Outcome.REACTIVATED,
          endpoint.id(),
          null,
          replay,
          "was suspended, now "
              + reactivated.status()
              + "; replayed "
              + replay.replayed()
              + ", already handled "
              + replay.alreadyHandled()
              + ", failed "
              + replay.failed());
    } catch (ApiException e) {
      return report(tenant, TenantReport.Outcome.FAILED, null, String.valueOf(e.getMessage()));
    }
  }

  /**
   * Reconciles every tenant with a stored secret, one after the other; a tenant the lookup does not
   * know is reported as {@link TenantReport.Outcome#FAILED}.
   */
  public List<TenantReport> reconcileAll() {
    return tenants.reconcileEach(this::reconcile);
  }

  /**
   * Deletes the tenant's endpoint, then its secrets, so that deliveries already on their way still
   * verify until the endpoint is gone; afterwards the tenant's path answers 401 (within the secret
   * cache's {@code maxAge}). Without an endpoint at the tenant's URL, only the secrets are deleted.
   *
   * @throws IllegalArgumentException if the tenant is unknown
   * @throws ApiException if the endpoint cannot be listed or deleted; the secrets are kept then
   */
  public TenantReport deprovision(String tenant) {
    LuccaTenant lucca = tenants.tenant(tenant);
    Optional<WebhookEndpoint> found = find(lucca);
    if (found.isEmpty()) {
      return tenants.deleteSecrets(tenant, null, "no endpoint at " + lucca.endpoint().webhookUrl());
    }
    String id = found.get().id();
    try {
      lucca.client().deleteEndpoint(id);
    } catch (ApiException e) {
      if (e.status() != 404) {
        throw e;
      }
    }
    return tenants.deleteSecrets(tenant, id, "endpoint " + id + " deleted");
  }

  /**
   * Retires every secret of the tenant but the kept one, e.g. after a manual Lucca rotation (see
   * the class description).
   *
   * @return the number of secrets retired
   * @throws IllegalArgumentException if the tenant has no secret of that id (nothing is retired)
   */
  public int retireOtherSecrets(String tenant, String keptSecretId) {
    return tenants.retireOthers(tenant, keptSecretId);
  }

  private static Optional<WebhookEndpoint> find(LuccaTenant lucca) {
    String url = lucca.endpoint().webhookUrl();
    try (Stream<WebhookEndpoint> endpoints = lucca.client().endpoints()) {
      return endpoints.filter(endpoint -> url.equals(endpoint.webhookUrl())).findFirst();
    }
  }

  private static TenantReport report(
      String tenant, TenantReport.Outcome outcome, @Nullable String id, String detail) {
    return new TenantReport(tenant, outcome, id, null, null, detail);
  }

  @Override
  public String toString() {
    return "LuccaLifecycle[endpoint "
        + tenants.endpoint()
        + ", replay window "
        + replayWindow
        + "]";
  }

  /** Configures a {@link LuccaLifecycle}; not thread-safe. */
  public static final class Builder {
    private final WebhookReceiver receiver;
    private final SecretStore store;
    private final Function<String, Optional<LuccaTenant>> tenants;
    private Duration replayWindow = DEFAULT_REPLAY_WINDOW;
    private Clock clock = Clock.systemUTC();

    private Builder(
        WebhookReceiver receiver,
        SecretStore store,
        Function<String, Optional<LuccaTenant>> tenants) {
      this.receiver = receiver;
      this.store = store;
      this.tenants = tenants;
    }

    /**
     * How far back a reconciliation replays a reactivated endpoint's deliveries; default {@link
     * #DEFAULT_REPLAY_WINDOW}; positive.
     */
    public Builder replayWindow(Duration replayWindow) {
      this.replayWindow = Objects.requireNonNull(replayWindow, "replayWindow");
      return this;
    }

    /** The clock the replay window ends at; default the UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Validates the configuration and returns the lifecycle; no request is made yet.
     *
     * @throws WebhookConfigurationException if the receiver has no tenants or the replay window is
     *     not positive
     */
    public LuccaLifecycle build() {
      if (replayWindow.isNegative() || replayWindow.isZero()) {
        throw new WebhookConfigurationException(
            "replayWindow must be positive, but was " + replayWindow);
      }
      return new LuccaLifecycle(this);
    }
  }
}
