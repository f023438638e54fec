package dev.hookline.receiver.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.internal.json.EventJson;
import java.util.List;
import java.util.Objects;

/**
 * Reads a plain JSON object for senders without a dedicated reader: the topic from a string field,
 * the id from another (or, when the body has none, the SHA-256 of the body), the data from a field
 * or the whole body. The idempotency key is {@code source|id}.
 */
public final class JsonEventReader implements EventReader {

  private final String source;
  private final String topicField;
  private final String idField;
  private final String dataField;

  private JsonEventReader(String source, String topicField, String idField, String dataField) {
    this.source = Objects.requireNonNull(source, "source");
    this.topicField = Objects.requireNonNull(topicField, "topicField");
    this.idField = Objects.requireNonNull(idField, "idField");
    this.dataField = Objects.requireNonNull(dataField, "dataField");
  }

  /**
   * A reader naming the events' source and the fields to read.
   *
   * @param source the source of every event, e.g. {@code shopify}; namespaces the keys
   * @param topicField the required string field holding the topic, e.g. {@code type}
   * @param idField the optional string field holding the event id, e.g. {@code id}
   * @param dataField the object field holding the data; when absent the whole body is the data
   */
  public static JsonEventReader of(
      String source, String topicField, String idField, String dataField) {
    return new JsonEventReader(source, topicField, idField, dataField);
  }

  @Override
  public List<WebhookEvent> read(WebhookRequest request, ObjectMapper mapper) {
    JsonNode body = EventJson.parseObject(mapper, request.body());
    String id =
        EventJson.optionalText(body, idField, EventJson.MAX_ID_LENGTH)
            .orElseGet(() -> EventJson.sha256Hex(request.body()));
    return List.of(
        WebhookEvent.builder(request, mapper)
            .id(id)
            .topic(EventJson.requiredText(body, topicField, EventJson.MAX_TOPIC_LENGTH))
            .source(source)
            .idempotencyKey(EventJson.key(source, id))
            .data(EventJson.optionalObject(body, dataField).orElse(body))
            .build());
  }

  @Override
  public String toString() {
    return "JsonEventReader[source=" + source + ", topic=" + topicField + ", id=" + idField + "]";
  }
}
