package dev.hookline.receiver.clients.lifecycle;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.WebhookConfigurationException;
import dev.hookline.receiver.internal.TenantIds;
import dev.hookline.receiver.signature.SecretStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Lucca and Arta lifecycles share: the store and the endpoint name the tenants' secrets
 * are kept under, the tenant lookup, storing a shown-once secret or deleting the endpoint it
 * belongs to, retiring old secrets and deleting a tenant's secrets. Thread-safe.
 *
 * @param <T> the tenant type
 */
final class Lifecycles<T> {

  private static final Logger log = LoggerFactory.getLogger(Lifecycles.class);

  private final SecretStore store;
  private final String endpoint;
  private final Function<String, Optional<T>> tenants;

  /**
   * @throws WebhookConfigurationException if the receiver has no tenants
   */
  Lifecycles(WebhookReceiver receiver, SecretStore store, Function<String, Optional<T>> tenants) {
    Objects.requireNonNull(receiver, "receiver");
    if (!receiver.hasTenants()) {
      throw new WebhookConfigurationException(
          "the lifecycle needs the receiver of an endpoint with tenants, but endpoint "
              + receiver.endpoint()
              + " has none (build it with verifier(scheme, secretSource))");
    }
    this.store = Objects.requireNonNull(store, "store");
    this.endpoint = receiver.endpoint();
    this.tenants = Objects.requireNonNull(tenants, "tenants");
  }

  /**
   * @throws IllegalArgumentException if the text is not a valid tenant id
   */
  static void checkTenant(String tenant) {
    Objects.requireNonNull(tenant, "tenant");
    if (!TenantIds.isValid(tenant)) {
      throw new IllegalArgumentException(
          "tenant must be a valid tenant id (" + TenantIds.RULE + "), but was " + tenant);
    }
  }

  /** The endpoint name the secrets are kept under. */
  String endpoint() {
    return endpoint;
  }

  /**
   * The tenant, looked up.
   *
   * @throws IllegalArgumentException if the id is not valid or the lookup knows no such tenant
   */
  T tenant(String tenant) {
    checkTenant(tenant);
    return tenants
        .apply(tenant)
        .orElseThrow(() -> new IllegalArgumentException("no such tenant: " + tenant));
  }

  /** The tenants with stored secrets. */
  List<String> provisioned() {
    return store.tenants(endpoint);
  }

  /**
   * Runs the reconciliation of every tenant with a stored secret, one after the other; a tenant the
   * lookup no longer knows (the reconciliation throws {@link IllegalArgumentException}) is reported
   * {@link TenantReport.Outcome#FAILED}.
   */
  List<TenantReport> reconcileEach(Function<String, TenantReport> reconcile) {
    List<TenantReport> reports = new ArrayList<>();
    for (String tenant : provisioned()) {
      try {
        reports.add(reconcile.apply(tenant));
      } catch (IllegalArgumentException e) {
        reports.add(
            new TenantReport(
                tenant,
                TenantReport.Outcome.FAILED,
                null,
                null,
                null,
                String.valueOf(e.getMessage())));
      }
    }
    return reports;
  }

  /** Whether the tenant has a stored secret. */
  boolean hasSecrets(String tenant) {
    return !store.secretIds(endpoint, tenant).isEmpty();
  }

  /**
   * Stores the secret of an endpoint the provider has just created, or deletes the endpoint ({@link
   * ShownOnceSecrets#keep}), logging the failure.
   *
   * @param secret gets the secret the provider shows once
   * @return the stored secret's id
   * @throws ProvisioningException if getting or storing the secret failed, whether or not the
   *     endpoint was deleted
   */
  String keep(String tenant, String endpointId, Supplier<String> secret, Runnable deleteEndpoint) {
    try {
      return ShownOnceSecrets.keep(store, endpoint, tenant, endpointId, secret, deleteEndpoint);
    } catch (ProvisioningException e) {
      // The cause's suppressed exceptions are the failed deletions.
      log.error("Provisioning: {}", e.getMessage(), e.getCause());
      throw e;
    }
  }

  /** Stores one more secret of the tenant. */
  String add(String tenant, String secret) {
    return store.add(endpoint, tenant, secret);
  }

  /**
   * Retires every secret of the tenant but the kept one.
   *
   * @return the number retired
   * @throws IllegalArgumentException if the tenant has no secret of the kept id (nothing retired)
   */
  int retireOthers(String tenant, String keptSecretId) {
    checkTenant(tenant);
    Objects.requireNonNull(keptSecretId, "keptSecretId");
    List<String> ids = store.secretIds(endpoint, tenant);
    if (!ids.contains(keptSecretId)) {
      throw new IllegalArgumentException(
          "tenant " + tenant + " has no secret " + keptSecretId + ": nothing retired");
    }
    int retired = 0;
    for (String id : ids) {
      if (!id.equals(keptSecretId) && store.retire(endpoint, tenant, id)) {
        retired++;
      }
    }
    return retired;
  }

  /** Deletes the tenant's secrets and reports the deprovisioning. */
  TenantReport deleteSecrets(String tenant, @Nullable String endpointId, String deleted) {
    int secrets = store.deleteTenant(endpoint, tenant);
    return new TenantReport(
        tenant,
        TenantReport.Outcome.DEPROVISIONED,
        endpointId,
        null,
        null,
        deleted + "; " + secrets + " secret(s) deleted");
  }
}
