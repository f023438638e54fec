package dev.hookline.receiver.clients.lifecycle;

import dev.hookline.receiver.clients.lucca.EndpointCreation;
import dev.hookline.receiver.clients.lucca.LuccaClient;
import java.util.Objects;

/**
 * One tenant's Lucca instance, as {@link LuccaLifecycle} needs it: the client of the tenant's
 * instance ({@code https://{customer}.ilucca.net}, with that instance's client id and secret, from
 * configuration or from a vault) and the endpoint to create there (the tenant's own URL, e.g.
 * {@code https://hooks.example.com/webhooks/lucca/acme}, topics, API version and content type).
 *
 * @param id the tenant id, as the receiver's path names it
 * @param client the client of the tenant's Lucca instance
 * @param endpoint the endpoint to create; its {@code webhookUrl} also finds the endpoint again
 */
public record LuccaTenant(String id, LuccaClient client, EndpointCreation endpoint) {

  /**
   * Validates the id.
   *
   * @throws IllegalArgumentException if the id is not a valid tenant id
   */
  public LuccaTenant {
    Lifecycles.checkTenant(id);
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(endpoint, "endpoint");
  }
}
