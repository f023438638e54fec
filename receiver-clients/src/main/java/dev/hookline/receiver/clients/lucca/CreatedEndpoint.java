package dev.hookline.receiver.clients.lucca;

import java.util.Objects;

/**
 * The result of creating an endpoint: the endpoint and its signing secret. Lucca returns the secret
 * this once and never again, so store it (e.g. in a vault) before anything else. {@link
 * #toString()} masks the secret, so logging this object does not leak it.
 *
 * @param endpoint the created endpoint
 * @param secret the secret Lucca signs deliveries with; pass it to {@code Lucca.receiver(secret)}
 */
public record CreatedEndpoint(WebhookEndpoint endpoint, String secret) {

  /** Checks that both parts are present. */
  public CreatedEndpoint {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(secret, "secret");
  }

  /** The endpoint, its secret masked. */
  @Override
  public String toString() {
    return "CreatedEndpoint[endpoint=" + endpoint + ", secret=***]";
  }
}
