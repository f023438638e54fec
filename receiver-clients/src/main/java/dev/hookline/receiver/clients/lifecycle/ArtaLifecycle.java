package dev.hookline.receiver.clients.lifecycle;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.clients.ApiException;
import dev.hookline.receiver.clients.arta.ArtaClient;
import dev.hookline.receiver.clients.arta.ArtaWebhook;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.signature.SecretStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Each tenant's Arta webhook, managed: provisioned with its {@code secret_token} stored first, its
 * token rotated, checked, and deprovisioned. Each tenant has an Arta API key of its own ({@link
 * ArtaTenant}); the tokens are kept in a {@link SecretStore} under the name of the endpoint's
 * receiver ({@link WebhookReceiver#endpoint()}), which reads them through its tenant verifier. Arta
 * documents no signature scheme (see {@link dev.hookline.receiver.arta.Arta}): the receiver's
 * scheme is the application's choice, keyed with these tokens.
 *
 * <p>Arta returns no token when a webhook is created, so provisioning creates the webhook and then
 * resets its token ({@code PATCH /webhooks/{id}/secret_token/reset}), which returns it. A tenant's
 * webhook is found by its URL. Operations on one tenant must not run concurrently; different
 * tenants may. Immutable and thread-safe.
 */
public final class ArtaLifecycle {

  private final Lifecycles<ArtaTenant> tenants;

  private ArtaLifecycle(Lifecycles<ArtaTenant> tenants) {
    this.tenants = tenants;
  }

  /**
   * A lifecycle for the receiver's tenants.
   *
   * @param receiver the receiver of the endpoint with tenants (the tokens are stored under its
   *     endpoint name)
   * @param store where the tenants' tokens are kept; the receiver's source reads the same
   * @param tenants each tenant's Arta client and webhook; empty for a tenant it does not know
   * @throws WebhookConfigurationException if the receiver has no tenants
   */
  public static ArtaLifecycle of(
      WebhookReceiver receiver, SecretStore store, Function<String, Optional<ArtaTenant>> tenants) {
    return new ArtaLifecycle(new Lifecycles<>(receiver, store, tenants));
  }

  /**
   * Creates the tenant's webhook, resets its token and stores the token before anything else; if
   * the reset or the storing fails, the webhook just created is deleted (see {@link
   * ProvisioningException}). Idempotent: when a webhook at the tenant's URL exists and the tenant
   * has a stored token, nothing is done; when it exists without one, its token is reset and stored
   * ({@link TenantReport.Outcome#REPAIRED}).
   *
   * @throws IllegalArgumentException if the tenant is unknown
   * @throws ProvisioningException if the token could not be stored
   * @throws ApiException if Arta refuses or cannot be reached before a webhook was created
   */
  public TenantReport provision(String tenant) {
    ArtaTenant arta = tenants.tenant(tenant);
    ArtaClient client = arta.client();
    Optional<ArtaWebhook> existing = find(arta);
    if (existing.isPresent()) {
      String id = String.valueOf(existing.get().id());
      if (tenants.hasSecrets(tenant)) {
        return report(tenant, TenantReport.Outcome.ALREADY_PROVISIONED, id, null, "webhook exists");
      }
      String secretId =
          tenants.add(tenant, client.resetSecretToken(existing.get().id()).secretToken());
      return report(
          tenant,
          TenantReport.Outcome.REPAIRED,
          id,
          secretId,
          "webhook " + id + " had no stored token; its token was reset and stored");
    }
    ArtaWebhook created = client.createWebhook(arta.name(), arta.url());
    String id = String.valueOf(created.id());
    String secretId =
        tenants.keep(
            tenant,
            id,
            () -> client.resetSecretToken(created.id()).secretToken(),
            () -> client.deleteWebhook(created.id()));
    return report(
        tenant,
        TenantReport.Outcome.CREATED,
        id,
        secretId,
        "webhook " + id + " created, token stored");
  }

  /**
   * Resets the tenant's token at Arta and stores the new one as an additional secret: from then on
   * Arta signs with the new token, and the old one still verifies deliveries signed before, until
   * {@link #retireOtherSecrets} retires it with the returned report's {@link
   * TenantReport#secretId()}. If storing fails, the new token is lost and Arta's deliveries fail
   * verification (Arta retries them): rotate again.
   *
   * @throws IllegalArgumentException if the tenant is unknown
   * @throws IllegalStateException if the tenant has no webhook at its URL
   * @throws ApiException if Arta refuses or cannot be reached; nothing changed then
   */
  public TenantReport rotate(String tenant) {
    ArtaTenant arta = tenants.tenant(tenant);
    ArtaWebhook webhook =
        find(arta)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "tenant " + tenant + " has no webhook at " + arta.url()));
    String token = arta.client().resetSecretToken(webhook.id()).secretToken();
    String secretId = tenants.add(tenant, token);
    return report(
        tenant,
        TenantReport.Outcome.ROTATED,
        String.valueOf(webhook.id()),
        secretId,
        "token of webhook " + webhook.id() + " reset; the new one stored beside the old");
  }

  /**
   * Retires every token of the tenant but the kept one, e.g. the old ones once a {@linkplain
   * #rotate rotation}'s new token verifies Arta's deliveries.
   *
   * @return the number of tokens retired
   * @throws IllegalArgumentException if the tenant has no token of that id (nothing is retired)
   */
  public int retireOtherSecrets(String tenant, String keptSecretId) {
    return tenants.retireOthers(tenant, keptSecretId);
  }

  /**
   * Checks that the tenant's webhook exists ({@link TenantReport.Outcome#ACTIVE}) or reports it
   * {@link TenantReport.Outcome#MISSING}; Arta's webhooks have no status to repair. An API error is
   * reported as {@link TenantReport.Outcome#FAILED}, not thrown.
   *
   * @throws IllegalArgumentException if the tenant is unknown
   */
  public TenantReport reconcile(String tenant) {
    ArtaTenant arta = tenants.tenant(tenant);
    try {
      return find(arta)
          .map(
              webhook ->
                  report(
                      tenant,
                      TenantReport.Outcome.ACTIVE,
                      String.valueOf(webhook.id()),
                      null,
                      "webhook exists"))
          .orElseGet(
              () ->
                  report(
                      tenant,
                      TenantReport.Outcome.MISSING,
                      null,
                      null,
                      "no webhook at " + arta.url()));
    } catch (ApiException e) {
      return report(
          tenant, TenantReport.Outcome.FAILED, null, null, String.valueOf(e.getMessage()));
    }
  }

  /**
   * {@linkplain #reconcile Reconciles} every tenant with a stored token, one after the other; a
   * tenant the lookup no longer knows is reported {@link TenantReport.Outcome#FAILED}.
   *
   * @return one report per tenant
   */
  public List<TenantReport> reconcileAll() {
    return tenants.reconcileEach(this::reconcile);
  }

  /**
   * Deletes the tenant's webhook, then its tokens; without a webhook at the tenant's URL, only the
   * tokens are deleted.
   *
   * @throws IllegalArgumentException if the tenant is unknown
   * @throws ApiException if the webhook cannot be listed or deleted; the tokens are kept then
   */
  public TenantReport deprovision(String tenant) {
    ArtaTenant arta = tenants.tenant(tenant);
    Optional<ArtaWebhook> found = find(arta);
    if (found.isEmpty()) {
      return tenants.deleteSecrets(tenant, null, "no webhook at " + arta.url());
    }
    long id = found.get().id();
    try {
      arta.client().deleteWebhook(id);
    } catch (ApiException e) {
      if (e.status() != 404) {
        throw e;
      }
    }
    return tenants.deleteSecrets(tenant, String.valueOf(id), "webhook " + id + " deleted");
  }

  @Override
  public String toString() {
    return "ArtaLifecycle[endpoint " + tenants.endpoint() + "]";
  }

  private static TenantReport report(
      String tenant,
      TenantReport.Outcome outcome,
      @Nullable String id,
      @Nullable String secretId,
      String detail) {
    return new TenantReport(tenant, outcome, id, secretId, null, detail);
  }

  private static Optional<ArtaWebhook> find(ArtaTenant arta) {
    String url = arta.url().toString();
    try (Stream<ArtaWebhook> webhooks = arta.client().webhooks()) {
      return webhooks.filter(webhook -> url.equals(webhook.url())).findFirst();
    }
  }
}
