package dev.hookline.receiver.clients.lifecycle;

import dev.hookline.receiver.clients.ApiException;
import dev.hookline.receiver.signature.SecretStore;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Keeps the secret a provider shows once, when it creates an endpoint: stores it, or deletes the
 * endpoint it belongs to, so that no endpoint is left that nothing can verify. The one
 * implementation the lifecycles ({@link LuccaLifecycle#provision}, {@link ArtaLifecycle#provision})
 * and the command line's {@code hookline lucca endpoint create --vault-url} share. Stateless and
 * thread-safe; it logs nothing, so that each caller reports the failure its own way.
 */
public final class ShownOnceSecrets {

  /** How many times deleting an endpoint whose secret could not be stored is tried: 3. */
  public static final int DELETE_ATTEMPTS = 3;

  private ShownOnceSecrets() {}

  /**
   * Stores the secret of an endpoint the provider has just created; if getting the secret (e.g.
   * Arta's token reset) or storing it fails, deletes the endpoint, trying up to {@value
   * #DELETE_ATTEMPTS} times while it fails with an {@link ApiException} (one of status 404, already
   * gone, counts as deleted).
   *
   * @param store where the secret is kept
   * @param endpoint the name of the receiver's endpoint the secret is kept under
   * @param tenant the tenant the secret is kept for
   * @param endpointId the provider's id of the endpoint (Lucca) or webhook (Arta) just created
   * @param secret gets the secret the provider shows once
   * @param deleteEndpoint deletes the endpoint just created
   * @return the stored secret's id
   * @throws ProvisioningException if getting or storing the secret failed, whether or not the
   *     endpoint was deleted ({@link ProvisioningException#endpointDeleted()}); its cause is that
   *     failure, which carries each failed deletion as a suppressed exception, the last one last
   */
  public static String keep(
      SecretStore store,
      String endpoint,
      String tenant,
      String endpointId,
      Supplier<String> secret,
      Runnable deleteEndpoint) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(endpointId, "endpointId");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(deleteEndpoint, "deleteEndpoint");
    try {
      return store.add(endpoint, tenant, secret.get());
    } catch (RuntimeException storing) {
      throw undone(tenant, endpointId, deleted(deleteEndpoint, storing), storing);
    }
  }

  /** Deletes the endpoint, trying again after a failure; whether it is gone. */
  private static boolean deleted(Runnable deleteEndpoint, RuntimeException storing) {
    for (int attempt = 1; attempt <= DELETE_ATTEMPTS; attempt++) {
      try {
        deleteEndpoint.run();
        return true;
      } catch (ApiException deleting) {
        if (deleting.status() == 404) {
          return true;
        }
        storing.addSuppressed(deleting);
      }
    }
    return false;
  }

  private static ProvisioningException undone(
      String tenant, String endpointId, boolean deleted, RuntimeException storing) {
    String message =
        "getting or storing the secret of tenant "
            + tenant
            + " failed, "
            + (deleted
                ? "so endpoint " + endpointId + " just created was deleted"
                : "and endpoint "
                    + endpointId
                    + " just created could not be deleted after "
                    + DELETE_ATTEMPTS
                    + " attempts: provisioning the tenant again replaces it");
    return new ProvisioningException(tenant, endpointId, deleted, message, storing);
  }
}
