package dev.hookline.receiver.spring.lifecycle;

import dev.hookline.receiver.clients.lifecycle.LuccaTenant;
import java.util.Optional;

/**
 * The Lucca tenants whose endpoints the lifecycle manages, when the application keeps them itself
 * (say, in its table of customers) rather than under {@code
 * hookline.providers.lucca.lifecycle.tenants}. Declare one as a bean and it replaces those
 * properties (declaring both fails startup); the other lifecycle settings (topics, endpoint, replay
 * window, schedule) still apply. It is asked on every operation, so keep each tenant's {@code
 * LuccaClient} rather than building it per call (each caches its token). Must be thread-safe.
 */
@FunctionalInterface
public interface LuccaTenants {

  /**
   * The tenant's Lucca instance (its client, with the instance's credentials) and the endpoint to
   * create there, or empty if the application knows no such tenant.
   *
   * @param id a tenant id, as the receiver's path names it
   */
  Optional<LuccaTenant> tenant(String id);
}
