package dev.hookline.receiver.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.event.EventReader;
import dev.hookline.receiver.event.PreviousAttributes;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.internal.json.EventJson;
import java.util.List;

/**
 * Reads a Stripe event: {@code id} (the idempotency key), {@code type} (the topic), {@code
 * data.object} (the data), {@code data.previous_attributes}, {@code created} (Unix seconds) and
 * {@code api_version}. The id and the type are bounded ({@link EventJson#MAX_ID_LENGTH}, {@link
 * EventJson#MAX_TOPIC_LENGTH}).
 */
final class StripeEventReader implements EventReader {

  /** The source of every Stripe event. */
  public static final String SOURCE = "stripe";

  private static final StripeEventReader INSTANCE = new StripeEventReader();

  private StripeEventReader() {}

  /** The reader; stateless. */
  static StripeEventReader create() {
    return INSTANCE;
  }

  @Override
  public List<WebhookEvent> read(WebhookRequest request, ObjectMapper mapper) {
    JsonNode event = EventJson.parseObject(mapper, request.body());
    String id = EventJson.requiredText(event, "id", EventJson.MAX_ID_LENGTH);
    JsonNode data = EventJson.requiredObject(event, "data", "data");
    JsonNode object = EventJson.requiredObject(data, "object", "data.object");
    return List.of(
        WebhookEvent.builder(request, mapper)
            .id(id)
            .topic(EventJson.requiredText(event, "type", EventJson.MAX_TOPIC_LENGTH))
            .source(SOURCE)
            .occurredAt(EventJson.optionalUnixSeconds(event, "created").orElse(null))
            .apiVersion(EventJson.optionalText(event, "api_version").orElse(null))
            .idempotencyKey(EventJson.key(id))
            .data(object)
            .previousAttributes(
                EventJson.optionalObject(data, "previous_attributes", "data.previous_attributes")
                    .map(p -> PreviousAttributes.of((ObjectNode) p))
                    .orElse(PreviousAttributes.none()))
            .build());
  }
}
