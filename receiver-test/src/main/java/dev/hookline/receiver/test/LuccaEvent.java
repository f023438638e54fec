package dev.hookline.receiver.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Lucca event being prepared (PROTOCOLS.md §1.3): change its id, topic, data and previous
 * attributes, then take it as a {@link Fixture} in any framing. Each {@link LuccaFixtures} call
 * returns a new one; not thread-safe.
 *
 * <pre>{@code
 * Fixture renamed = LuccaFixtures.employeeUpdated()
 *     .previous("givenName", "Ed").data("givenName", "Edward")
 *     .fixture();
 * }</pre>
 */
public final class LuccaEvent {

  private final ObjectNode event;

  LuccaEvent(ObjectNode event) {
    this.event = event;
  }

  /** The event id; with the source it is the idempotency key. */
  public LuccaEvent id(String id) {
    event.put("id", Objects.requireNonNull(id, "id"));
    event.put("url", source() + "/lucca-api/events/" + id);
    return this;
  }

  /** The topic, e.g. {@code employee.updated}. */
  public LuccaEvent topic(String topic) {
    event.put("topic", Objects.requireNonNull(topic, "topic"));
    return this;
  }

  /** The tenant URL the event comes from. */
  public LuccaEvent source(String source) {
    event.put("source", Objects.requireNonNull(source, "source"));
    return this;
  }

  /** When the change happened. */
  public LuccaEvent occurredAt(Instant occurredAt) {
    event.put("occurredAt", occurredAt.toString());
    return this;
  }

  /** The version of {@code data}. */
  public LuccaEvent apiVersion(String apiVersion) {
    event.put("apiVersion", Objects.requireNonNull(apiVersion, "apiVersion"));
    return this;
  }

  /** Sets a member of {@code data} by dotted path (e.g. {@code birthDay.day}). */
  public LuccaEvent data(String path, Object value) {
    Json.set(data(), Objects.requireNonNull(path, "path"), value);
    return this;
  }

  /** Removes a member of {@code data} by dotted path. */
  public LuccaEvent withoutData(String path) {
    Json.remove(data(), Objects.requireNonNull(path, "path"));
    return this;
  }

  /** Records the value an attribute had before the change, in {@code previousAttributes}. */
  public LuccaEvent previous(String attribute, Object value) {
    JsonNode previous = event.get("previousAttributes");
    if (!(previous instanceof ObjectNode)) {
      previous = event.putObject("previousAttributes");
    }
    ((ObjectNode) previous).set(Objects.requireNonNull(attribute, "attribute"), Json.tree(value));
    return this;
  }

  /** Drops {@code previousAttributes}. */
  public LuccaEvent withoutPrevious() {
    event.remove("previousAttributes");
    return this;
  }

  /** The event id. */
  public String id() {
    return event.path("id").asText();
  }

  /** The topic. */
  public String topic() {
    return event.path("topic").asText();
  }

  private String source() {
    return event.path("source").asText();
  }

  private ObjectNode data() {
    JsonNode data = event.get("data");
    return data instanceof ObjectNode object ? object : event.putObject("data");
  }

  /** A copy of the event resource JSON. */
  public ObjectNode json() {
    return event.deepCopy();
  }

  /** The event in Lucca's {@code default} content type. */
  public Fixture fixture() {
    return fixture(CloudEventsFraming.NONE);
  }

  /** The event as a CloudEvents structured {@code application/cloudevents+json} body. */
  public Fixture structured() {
    return fixture(CloudEventsFraming.STRUCTURED);
  }

  /** The event as a one-event {@code application/cloudevents-batch+json} body. */
  public Fixture batch() {
    return fixture(CloudEventsFraming.BATCH);
  }

  /** The event as a CloudEvents binary request: {@code ce-*} headers and the data as body. */
  public Fixture binary() {
    return fixture(CloudEventsFraming.BINARY);
  }

  /** The event in the given framing. */
  public Fixture fixture(CloudEventsFraming framing) {
    Map<String, String> headers = new LinkedHashMap<>();
    byte[] body;
    switch (framing) {
      case NONE -> {
        headers.put("Content-Type", "application/json");
        body = Json.bytes(event);
      }
      case STRUCTURED -> {
        headers.put("Content-Type", "application/cloudevents+json");
        body = Json.bytes(cloudEvent());
      }
      case BATCH -> {
        headers.put("Content-Type", "application/cloudevents-batch+json");
        body = Json.bytes(Json.MAPPER.createArrayNode().add(cloudEvent()));
      }
      case BINARY -> {
        headers.put("Content-Type", "application/json");
        headers.put("ce-specversion", "1.0");
        headers.put("ce-id", id());
        headers.put("ce-source", source());
        headers.put("ce-type", topic());
        if (event.hasNonNull("occurredAt")) {
          headers.put("ce-time", event.get("occurredAt").asText());
        }
        body = Json.bytes(dataWithPrevious());
      }
      default -> throw new IllegalArgumentException("unknown framing " + framing);
    }
    String name = topic() + (framing == CloudEventsFraming.NONE ? "" : "@" + framing);
    return new Fixture("lucca", name, id(), headers, body);
  }

  /**
   * Several events in one {@code application/cloudevents-batch+json} body, as Lucca's events list
   * serves them.
   */
  public static Fixture batch(List<LuccaEvent> events) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    events.forEach(event -> array.add(event.cloudEvent()));
    return new Fixture(
        "lucca",
        "batch",
        events.isEmpty() ? "empty" : events.get(0).id(),
        Map.of("Content-Type", "application/cloudevents-batch+json"),
        Json.bytes(array));
  }

  /** The structured CloudEvent: previous attributes travel inside {@code data}. */
  ObjectNode cloudEvent() {
    ObjectNode cloudEvent = Json.object();
    cloudEvent.put("specversion", "1.0");
    cloudEvent.put("id", id());
    cloudEvent.put("source", source());
    cloudEvent.put("type", topic());
    if (event.hasNonNull("occurredAt")) {
      cloudEvent.put("time", event.get("occurredAt").asText());
    }
    cloudEvent.put("datacontenttype", "application/json");
    cloudEvent.set("data", dataWithPrevious());
    return cloudEvent;
  }

  private ObjectNode dataWithPrevious() {
    ObjectNode data = data().deepCopy();
    if (event.get("previousAttributes") instanceof ObjectNode previous) {
      data.set("previousAttributes", previous.deepCopy());
    }
    return data;
  }

  @Override
  public String toString() {
    return "LuccaEvent[" + topic() + " " + id() + "]";
  }
}
