package dev.hookline.receiver.test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Ready Arta deliveries (PROTOCOLS.md §2): {@code {"data": …, "object": …, "type": …}} for every
 * documented type. Arta sends no id; the fixture id is the type, and the receiver derives its key
 * from the body.
 */
public final class ArtaFixtures {

  /** Every documented Arta webhook type. */
  public static final List<String> TYPES =
      List.of(
          "ping",
          "request.created",
          "request.shared",
          "request.status.updated",
          "request.updated",
          "shipment.created",
          "shipment.eei_form_status.updated",
          "shipment.exceptions.updated",
          "shipment.schedule.updated",
          "shipment.status.updated",
          "shipment.tracking.updated",
          "shipment.updated",
          "shipment_exception.created",
          "shipment_exception.status.updated");

  private ArtaFixtures() {}

  /** The ping Arta sends to test a webhook: {@code {"data":{"id":1},"object":"webhook",…}}. */
  public static FixtureBuilder ping() {
    return event("ping");
  }

  /**
   * A delivery of the given type with a plausible resource: a request, a shipment or a shipment
   * exception, by the type's prefix.
   */
  public static FixtureBuilder event(String type) {
    ObjectNode body = Json.object();
    ObjectNode data = body.putObject("data");
    String object;
    if (type.equals("ping")) {
      object = "webhook";
      data.put("id", 1);
    } else if (type.startsWith("shipment_exception.")) {
      object = "shipment_exception";
      data.put("id", "7c1f3a52-5c7e-4f5b-9a53-000000000003");
      data.put("shipment_id", "7c1f3a52-5c7e-4f5b-9a53-000000000002");
      data.put("status", "new");
      data.put("type", "damaged_items");
    } else if (type.startsWith("shipment.")) {
      object = "shipment";
      data.put("id", "7c1f3a52-5c7e-4f5b-9a53-000000000002");
      data.put("shortcode", "A1B2C3");
      data.put("status", "in_transit");
      data.put("created_at", "2021-10-27T16:48:38.657228");
    } else {
      object = "request";
      data.put("id", "7c1f3a52-5c7e-4f5b-9a53-000000000001");
      data.put("shortcode", "R1S2T3");
      data.put("status", "quoted");
      data.put("created_at", "2021-10-27T16:48:38.657228");
    }
    body.put("object", object);
    body.put("type", type);
    return new FixtureBuilder("arta", type, type, null, body);
  }
}
