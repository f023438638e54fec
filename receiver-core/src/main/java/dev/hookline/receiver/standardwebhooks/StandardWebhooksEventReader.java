package dev.hookline.receiver.standardwebhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.event.EventReader;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.internal.json.EventJson;
import java.util.List;
import java.util.Set;

/**
 * Reads a Standard Webhooks payload {@code {"type": …, "timestamp": …, "data": {…}}}: the topic is
 * {@code type}, the id and idempotency key are the {@code webhook-id} (or {@code svix-id}) header.
 * When there is no {@code data} object the whole body is the data. The id and the type are bounded
 * ({@link EventJson#MAX_ID_LENGTH}, {@link EventJson#MAX_TOPIC_LENGTH}); a {@code timestamp} must
 * be an ISO-8601 date-time with offset.
 */
final class StandardWebhooksEventReader implements EventReader {

  /** The source of every Standard Webhooks event. */
  public static final String SOURCE = "standard-webhooks";

  private static final Set<String> ID_HEADERS = Set.of(StandardWebhooks.ID_HEADER, "svix-id");

  private static final StandardWebhooksEventReader INSTANCE = new StandardWebhooksEventReader();

  private StandardWebhooksEventReader() {}

  /** The reader; stateless. */
  static StandardWebhooksEventReader create() {
    return INSTANCE;
  }

  /** The id headers, {@code webhook-id} and its alias {@code svix-id}. */
  @Override
  public Set<String> identityHeaders() {
    return ID_HEADERS;
  }

  @Override
  public List<WebhookEvent> read(WebhookRequest request, ObjectMapper mapper) {
    String id =
        EventJson.requiredHeader(
            request.headers(), EventJson.MAX_ID_LENGTH, StandardWebhooks.ID_HEADER, "svix-id");
    JsonNode body = EventJson.parseObject(mapper, request.body());
    return List.of(
        WebhookEvent.builder(request, mapper)
            .id(id)
            .topic(EventJson.requiredText(body, "type", EventJson.MAX_TOPIC_LENGTH))
            .source(SOURCE)
            .occurredAt(EventJson.optionalInstant(body, "timestamp").orElse(null))
            .idempotencyKey(EventJson.key(id))
            .data(EventJson.optionalObject(body, "data").orElse(body))
            .build());
  }
}
