package dev.hookline.receiver.test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A fixture being prepared: change JSON members by dotted path, the id or headers, then {@link
 * #build()}. Each factory call returns a new builder; not thread-safe.
 *
 * <pre>{@code
 * Fixture paid = StripeFixtures.event("invoice.paid").set("data.object.amount_paid", 4200).build();
 * }</pre>
 */
public final class FixtureBuilder {

  private final String provider;
  private final String name;
  private final ObjectNode body;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private String id;
  private final String idMember;

  FixtureBuilder(String provider, String name, String id, String idMember, ObjectNode body) {
    this.provider = provider;
    this.name = name;
    this.id = id;
    this.idMember = idMember;
    this.body = body;
    headers.put("Content-Type", "application/json");
  }

  /**
   * Sets a member of the body by dotted path ({@code data.object.email}); the value is any JSON
   * tree, string, number, boolean, map, list or bean.
   */
  public FixtureBuilder set(String path, Object value) {
    Json.set(body, Objects.requireNonNull(path, "path"), value);
    return this;
  }

  /** Removes a member of the body by dotted path, if present. */
  public FixtureBuilder remove(String path) {
    Json.remove(body, Objects.requireNonNull(path, "path"));
    return this;
  }

  /**
   * The message id; also written to the body's id member when the provider has one, and to the
   * delivery id header of the providers that send it there ({@code X-GitHub-Delivery}, {@code
   * X-Shopify-Webhook-Id}).
   */
  public FixtureBuilder id(String newId) {
    this.id = Objects.requireNonNull(newId, "id");
    if (idMember != null) {
      body.put(idMember, newId);
    }
    headers.computeIfPresent("X-GitHub-Delivery", (k, v) -> newId);
    headers.computeIfPresent("X-Shopify-Webhook-Id", (k, v) -> newId);
    return this;
  }

  /** Adds or replaces an unsigned header. */
  public FixtureBuilder header(String header, String value) {
    headers.put(Objects.requireNonNull(header, "header"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /** The fixture with the current body. */
  public Fixture build() {
    return new Fixture(provider, name, id, headers, Json.bytes(body));
  }
}
