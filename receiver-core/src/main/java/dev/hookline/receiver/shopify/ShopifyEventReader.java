package dev.hookline.receiver.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.core.Headers;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.event.EventReader;
import dev.hookline.receiver.event.WebhookEvent;
import dev.hookline.receiver.internal.json.EventJson;
import java.util.List;
import java.util.Set;

/**
 * Reads a Shopify delivery: the topic is {@code X-Shopify-Topic} as sent ({@code orders/create}),
 * the id {@code X-Shopify-Webhook-Id} (the same across Shopify's retries of one delivery), the
 * occurrence time {@code X-Shopify-Triggered-At} when present, and the data the whole body, which
 * must be a JSON object. The topic and the id are required and bounded ({@link
 * EventJson#MAX_TOPIC_LENGTH}, {@link EventJson#MAX_ID_LENGTH}); a triggered-at that is not an
 * ISO-8601 date-time with an offset is malformed (400), as every reader's bad time is. Shopify's
 * other headers ({@code X-Shopify-Event-Id}, {@code X-Shopify-Shop-Domain}, {@code
 * X-Shopify-API-Version}) are left in the event's headers.
 *
 * <p>Shopify signs only the body, with no timestamp: none of these headers is signed, so anyone
 * holding one captured delivery can re-send its body at any time under a new topic, webhook id or
 * time. The idempotency key is therefore {@code shopify|} + the SHA-256 of the body (hex), so a
 * re-sent body is a duplicate whatever its headers say and never runs a handler again, under its
 * topic or another; and the topic of a first delivery is only as trustworthy as the network path it
 * came over. Two genuine deliveries of different topics whose bodies are identical byte for byte
 * are one event to the receiver: the first one's handlers run.
 */
final class ShopifyEventReader implements EventReader {

  /** The header naming the topic, e.g. {@code orders/create}. */
  public static final String TOPIC_HEADER = "X-Shopify-Topic";

  /** The header carrying the delivery's id, the event id. */
  public static final String WEBHOOK_ID_HEADER = "X-Shopify-Webhook-Id";

  /** The header carrying the time the event was triggered, ISO-8601. */
  public static final String TRIGGERED_AT_HEADER = "X-Shopify-Triggered-At";

  /** The source of every Shopify event. */
  public static final String SOURCE = "shopify";

  private static final ShopifyEventReader INSTANCE = new ShopifyEventReader();

  private ShopifyEventReader() {}

  /** The reader; stateless. */
  static ShopifyEventReader create() {
    return INSTANCE;
  }

  /** The unsigned header the topic comes from. */
  @Override
  public Set<String> topicHeaders() {
    return Set.of(TOPIC_HEADER);
  }

  @Override
  public List<WebhookEvent> read(WebhookRequest request, ObjectMapper mapper) {
    Headers headers = request.headers();
    String id =
        EventJson.requiredUnsignedHeader(headers, EventJson.MAX_ID_LENGTH, WEBHOOK_ID_HEADER);
    String topic =
        EventJson.requiredUnsignedHeader(headers, EventJson.MAX_TOPIC_LENGTH, TOPIC_HEADER);
    JsonNode body = EventJson.parseObject(mapper, request.body());
    return List.of(
        WebhookEvent.builder(request, mapper)
            .id(id)
            .topic(topic)
            .source(SOURCE)
            .occurredAt(EventJson.optionalInstantHeader(headers, TRIGGERED_AT_HEADER).orElse(null))
            .idempotencyKey(EventJson.bodyKey(SOURCE, request.body()))
            .data(body)
            .build());
  }
}
