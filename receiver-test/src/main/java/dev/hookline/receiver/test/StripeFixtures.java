package dev.hookline.receiver.test;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Ready Stripe events: {@code {"id": "evt_…", "object": "event", "type", "data": {"object"}}}. */
public final class StripeFixtures {

  private StripeFixtures() {}

  /** A {@code customer.created} event, id {@code evt_customer_created}. */
  public static FixtureBuilder customerCreated() {
    return event("customer.created")
        .set("data.object.id", "cus_1")
        .set("data.object.object", "customer")
        .set("data.object.email", "jenny.rosen@example.com");
  }

  /** An event of the given type with an empty {@code data.object}. */
  public static FixtureBuilder event(String type) {
    ObjectNode body = Json.object();
    String id = "evt_" + type.replaceAll("[^A-Za-z0-9]", "_");
    body.put("id", id);
    body.put("object", "event");
    body.put("api_version", "2024-06-20");
    body.put("created", 1735720460);
    body.put("livemode", false);
    body.put("type", type);
    body.putObject("data").putObject("object");
    return new FixtureBuilder("stripe", type, id, "id", body);
  }
}
