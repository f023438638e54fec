package dev.hookline.receiver.lucca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.receiver.WebhookRequest;
import dev.hookline.receiver.event.EventJson;
import dev.hookline.receiver.event.EventReader;
import dev.hookline.receiver.event.PreviousAttributes;
import dev.hookline.receiver.event.WebhookEvent;
import java.util.List;
import java.util.Optional;

/**
 * Reads Lucca's default event resource: {@code id}, {@code topic}, {@code source} (required),
 * {@code occurredAt}, {@code apiVersion}, {@code data}, and {@code previousAttributes} at event
 * level, falling back to {@code data.previousAttributes}. The idempotency key is {@code source|id}.
 */
public final class LuccaEventReader implements EventReader {

  private static final LuccaEventReader INSTANCE = new LuccaEventReader();

  private LuccaEventReader() {}

  /** The reader; stateless. */
  public static LuccaEventReader create() {
    return INSTANCE;
  }

  @Override
  public List<WebhookEvent> read(WebhookRequest request, ObjectMapper mapper) {
    JsonNode event = EventJson.parseObject(mapper, request.body());
    String id = EventJson.requiredText(event, "id");
    String source = EventJson.requiredText(event, "source");
    Optional<JsonNode> data = EventJson.optionalObject(event, "data");
    Optional<JsonNode> previous =
        EventJson.optionalObject(event, "previousAttributes")
            .or(() -> data.flatMap(d -> EventJson.optionalObject(d, "previousAttributes")));
    return List.of(
        WebhookEvent.builder(request, mapper)
            .id(id)
            .topic(EventJson.requiredText(event, "topic"))
            .source(source)
            .occurredAt(EventJson.optionalInstant(event, "occurredAt").orElse(null))
            .apiVersion(EventJson.optionalText(event, "apiVersion").orElse(null))
            .idempotencyKey(source + "|" + id)
            .data(data.orElse(MissingNode.getInstance()))
            .previousAttributes(
                previous
                    .map(p -> PreviousAttributes.of((ObjectNode) p))
                    .orElse(PreviousAttributes.none()))
            .build());
  }
}
