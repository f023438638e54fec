package dev.hookline.receiver.arta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.event.EventReader;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.internal.json.EventJson;
import java.util.List;

/**
 * Reads Arta's envelope {@code {"data": …, "object": …, "type": …}}: {@code type} is the topic and
 * {@code data} the data. Arta sends no event id, so the id and idempotency key are the SHA-256 of
 * the raw body (hex): an identical retry is a duplicate. The type is bounded by {@link
 * EventJson#MAX_TOPIC_LENGTH}.
 */
final class ArtaEventReader implements EventReader {

  /** The source of every Arta event. */
  public static final String SOURCE = "arta";

  private static final ArtaEventReader INSTANCE = new ArtaEventReader();

  private ArtaEventReader() {}

  /** The reader; stateless. */
  static ArtaEventReader create() {
    return INSTANCE;
  }

  @Override
  public List<WebhookEvent> read(WebhookRequest request, ObjectMapper mapper) {
    JsonNode envelope = EventJson.parseObject(mapper, request.body());
    String topic = EventJson.requiredText(envelope, "type", EventJson.MAX_TOPIC_LENGTH);
    EventJson.requiredText(envelope, "object");
    JsonNode data = EventJson.requiredObject(envelope, "data", "data");
    String key = EventJson.sha256Hex(request.body());
    return List.of(
        WebhookEvent.builder(request, mapper)
            .id(key)
            .topic(topic)
            .source(SOURCE)
            .idempotencyKey(EventJson.key(SOURCE, key))
            .data(data)
            .build());
  }
}
