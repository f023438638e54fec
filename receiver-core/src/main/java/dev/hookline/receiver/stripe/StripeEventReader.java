package dev.hookline.receiver.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.receiver.WebhookRequest;
import dev.hookline.receiver.event.EventJson;
import dev.hookline.receiver.event.EventReader;
import dev.hookline.receiver.event.MalformedEventException;
import dev.hookline.receiver.event.PreviousAttributes;
import dev.hookline.receiver.event.WebhookEvent;
import java.time.Instant;
import java.util.List;

/**
 * Reads a Stripe event: {@code id} (the idempotency key), {@code type} (the topic), {@code
 * data.object} (the data), {@code data.previous_attributes}, {@code created} (Unix seconds) and
 * {@code api_version}.
 */
public final class StripeEventReader implements EventReader {

  /** The source of every Stripe event. */
  public static final String SOURCE = "stripe";

  private static final StripeEventReader INSTANCE = new StripeEventReader();

  private StripeEventReader() {}

  /** The reader; stateless. */
  public static StripeEventReader create() {
    return INSTANCE;
  }

  @Override
  public List<WebhookEvent> read(WebhookRequest request, ObjectMapper mapper) {
    JsonNode event = EventJson.parseObject(mapper, request.body());
    String id = EventJson.requiredText(event, "id");
    JsonNode data =
        EventJson.optionalObject(event, "data")
            .orElseThrow(() -> new MalformedEventException("required field \"data\" is missing"));
    JsonNode object =
        EventJson.optionalObject(data, "object")
            .orElseThrow(
                () -> new MalformedEventException("required field \"data.object\" is missing"));
    JsonNode created = event.get("created");
    if (created != null && !created.isNull() && !created.canConvertToExactIntegral()) {
      throw new MalformedEventException("field \"created\" must be Unix seconds");
    }
    return List.of(
        WebhookEvent.builder(request, mapper)
            .id(id)
            .topic(EventJson.requiredText(event, "type"))
            .source(SOURCE)
            .occurredAt(
                created == null || created.isNull()
                    ? null
                    : Instant.ofEpochSecond(created.asLong()))
            .apiVersion(EventJson.optionalText(event, "api_version").orElse(null))
            .idempotencyKey(id)
            .data(object)
            .previousAttributes(
                EventJson.optionalObject(data, "previous_attributes")
                    .map(p -> PreviousAttributes.of((ObjectNode) p))
                    .orElse(PreviousAttributes.none()))
            .build());
  }
}
