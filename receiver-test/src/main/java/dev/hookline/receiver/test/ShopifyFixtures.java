package dev.hookline.receiver.test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Ready Shopify deliveries (PROTOCOLS.md §3): the resource as the body, and the headers the reader
 * needs, {@code X-Shopify-Topic}, {@code X-Shopify-Webhook-Id} (the fixture id) and {@code
 * X-Shopify-Triggered-At}. Shopify signs none of them: the receiver keys on the body.
 */
public final class ShopifyFixtures {

  private ShopifyFixtures() {}

  /** An {@code orders/create} of two line items, webhook id {@code b54557e4-…}. */
  public static FixtureBuilder ordersCreate() {
    ObjectNode order = Json.object();
    order.put("id", 820982911946154508L);
    order.put("admin_graphql_api_id", "gid://shopify/Order/820982911946154508");
    order.put("email", "jon@example.com");
    order.put("created_at", "2024-07-01T10:15:30-04:00");
    order.put("name", "#1001");
    order.put("currency", "USD");
    order.put("financial_status", "paid");
    order.put("total_price", "408.00");
    ArrayNode lines = order.putArray("line_items");
    lineItem(lines, 866550311766439020L, "Aviator sunglasses", "SKU2006-001");
    lineItem(lines, 141249953214522974L, "Mid-century lounger", "SKU2006-020");
    ObjectNode customer = order.putObject("customer");
    customer.put("id", 115310627314723954L);
    customer.put("email", "john@example.com");
    customer.put("first_name", "John");
    customer.put("last_name", "Smith");
    return new FixtureBuilder(
            "shopify", "orders/create", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", null, order)
        .header("X-Shopify-Topic", "orders/create")
        .header("X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043")
        .header("X-Shopify-Triggered-At", "2024-07-01T14:15:30.123456789Z")
        .header("X-Shopify-Shop-Domain", "shop1.myshopify.com")
        .header("X-Shopify-API-Version", "2024-07");
  }

  private static void lineItem(ArrayNode lines, long id, String title, String sku) {
    ObjectNode line = lines.addObject();
    line.put("id", id);
    line.put("title", title);
    line.put("sku", sku);
    line.put("quantity", 1);
    line.put("price", "199.00");
  }
}
