package dev.hookline.samples.spring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.receiver.event.WebhookEvent;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The last {@value #CAPACITY} handled events, oldest first, in memory (lost on restart).
 * Thread-safe. Entries hold plain Java values (strings, numbers, booleans, lists, maps, null), so
 * whatever JSON library the web layer uses serialises them. Each entry is bounded whatever the
 * sender signed: at most {@value #MAX_CHANGES} changes, each value at most {@value
 * #MAX_VALUE_LENGTH} characters of JSON.
 */
@Component
public class EventLog {

  /** How many events are kept; older ones are dropped. */
  public static final int CAPACITY = 500;

  /** The most changed attributes kept (and logged) per event; the rest are counted. */
  public static final int MAX_CHANGES = 20;

  /** The longest value kept, in characters of its JSON text; a longer one is described. */
  public static final int MAX_VALUE_LENGTH = 200;

  /**
   * One handled event.
   *
   * @param endpoint the endpoint name in {@code hookline.endpoints}
   * @param tenant the tenant whose secret verified the event, for an endpoint whose path names the
   *     tenant; null otherwise
   * @param topic the event's topic
   * @param eventId the sender's event id (Arta: the body's SHA-256)
   * @param receivedAt when it was handled, ISO-8601 UTC
   * @param changes for updates, each changed attribute with {@code old} and {@code new} values (the
   *     first {@value #MAX_CHANGES}); empty otherwise
   * @param moreChanges how many changed attributes are not in {@code changes}
   */
  public record Entry(
      String endpoint,
      @Nullable String tenant,
      String topic,
      String eventId,
      String receivedAt,
      Map<String, Map<String, Object>> changes,
      int moreChanges) {}

  private final Deque<Entry> entries = new ArrayDeque<>();

  /** Records the event as handled by the endpoint's listener, now. */
  public Entry record(String endpoint, WebhookEvent event) {
    Map<String, Map<String, Object>> changes = new LinkedHashMap<>();
    Map<String, JsonNode> previous = event.previousAttributes().asMap();
    for (Map.Entry<String, JsonNode> attribute : previous.entrySet()) {
      if (changes.size() == MAX_CHANGES) {
        break;
      }
      Map<String, Object> change = new LinkedHashMap<>();
      change.put("old", kept(attribute.getValue()));
      change.put("new", kept(event.data().get(attribute.getKey())));
      changes.put(attribute.getKey(), Collections.unmodifiableMap(change));
    }
    Entry entry =
        new Entry(
            endpoint,
            event.tenant().orElse(null),
            event.topic(),
            event.id(),
            Instant.now().toString(),
            Collections.unmodifiableMap(changes),
            previous.size() - changes.size());
    synchronized (entries) {
      if (entries.size() == CAPACITY) {
        entries.removeFirst();
      }
      entries.addLast(entry);
    }
    return entry;
  }

  /** A snapshot of the recorded events, oldest first. */
  public List<Entry> entries() {
    synchronized (entries) {
      return List.copyOf(entries);
    }
  }

  /** A value as {@link #plain} gives it, or a description of its size when it is too long. */
  static @Nullable Object kept(@Nullable JsonNode node) {
    if (node != null && (node.isContainerNode() || node.isTextual())) {
      int length = node.toString().length();
      if (length > MAX_VALUE_LENGTH) {
        return "(" + length + " characters of JSON, not kept)";
      }
    }
    return plain(node);
  }

  /** A JSON tree as plain Java values; a missing node (attribute absent now) is null. */
  static @Nullable Object plain(@Nullable JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNumber()) {
      return node.numberValue();
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      node.forEach(element -> list.add(plain(element)));
      return Collections.unmodifiableList(list);
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.properties().forEach(field -> map.put(field.getKey(), plain(field.getValue())));
      return Collections.unmodifiableMap(map);
    }
    return node.asText();
  }
}
