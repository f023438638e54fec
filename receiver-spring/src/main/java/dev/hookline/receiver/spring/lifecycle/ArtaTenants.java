package dev.hookline.receiver.spring.lifecycle;

import dev.hookline.receiver.clients.lifecycle.ArtaTenant;
import java.util.Optional;

/**
 * The Arta tenants whose webhooks the lifecycle manages, when the application keeps them itself
 * (say, in its table of customers) rather than under {@code
 * hookline.providers.arta.lifecycle.tenants}. Declare one as a bean and it replaces those
 * properties (declaring both fails startup); the other lifecycle settings (endpoint, schedule)
 * still apply. It is asked on every operation, so keep each tenant's {@code ArtaClient} rather than
 * building it per call. Must be thread-safe.
 */
@FunctionalInterface
public interface ArtaTenants {

  /**
   * The tenant's Arta account (its client, with the tenant's API key) and the webhook to create
   * there, or empty if the application knows no such tenant.
   *
   * @param id a tenant id, as the receiver's path names it
   */
  Optional<ArtaTenant> tenant(String id);
}
