package dev.hookline.receiver.clients.lifecycle;

import dev.hookline.receiver.clients.arta.ArtaClient;
import java.net.URI;
import java.util.Objects;

/**
 * One tenant's Arta account, as {@link ArtaLifecycle} needs it: the client with the tenant's API
 * key (from configuration or from a vault) and the webhook to create there.
 *
 * @param id the tenant id, as the receiver's path names it
 * @param client the client with the tenant's API key
 * @param name the webhook's display name
 * @param url the tenant's webhook URL, e.g. {@code https://hooks.example.com/webhooks/arta/acme};
 *     it also finds the webhook again
 */
public record ArtaTenant(String id, ArtaClient client, String name, URI url) {

  /**
   * Validates the id.
   *
   * @throws IllegalArgumentException if the id is not a valid tenant id
   */
  public ArtaTenant {
    Lifecycles.checkTenant(id);
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
  }
}
