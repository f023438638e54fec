package dev.hookline.receiver.test;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Ready Standard Webhooks payloads (PROTOCOLS.md §3): {@code {"type", "timestamp", "data"}}; the
 * fixture id becomes the signed {@code webhook-id} header.
 */
public final class StandardWebhooksFixtures {

  private StandardWebhooksFixtures() {}

  /** An {@code invoice.paid} event with id {@code msg_invoice_paid}. */
  public static FixtureBuilder invoicePaid() {
    return event("invoice.paid").set("data.amount", 4200).set("data.currency", "EUR");
  }

  /** An event of the given type with a small {@code data} object. */
  public static FixtureBuilder event(String type) {
    ObjectNode body = Json.object();
    body.put("type", type);
    body.put("timestamp", "2025-01-01T08:34:20Z");
    ObjectNode data = body.putObject("data");
    data.put("id", "obj_1");
    return new FixtureBuilder(
        "standard-webhooks", type, "msg_" + type.replaceAll("[^A-Za-z0-9]", "_"), null, body);
  }
}
