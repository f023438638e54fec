package dev.hookline.receiver.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The values an update event's changed attributes had before the change, keyed by attribute name. A
 * JSON null value means "was null" or "unknown". Empty for events that carry none. Immutable.
 */
public final class PreviousAttributes {

  private static final PreviousAttributes NONE = new PreviousAttributes(Map.of());

  private final Map<String, JsonNode> values;

  private PreviousAttributes(Map<String, JsonNode> values) {
    this.values = values;
  }

  /** No previous attributes. */
  public static PreviousAttributes none() {
    return NONE;
  }

  /** Copies the fields of a JSON object, deeply, in their order. */
  public static PreviousAttributes of(ObjectNode object) {
    if (object.isEmpty()) {
      return NONE;
    }
    Map<String, JsonNode> copy = new LinkedHashMap<>();
    object.properties().forEach(field -> copy.put(field.getKey(), field.getValue().deepCopy()));
    return new PreviousAttributes(Collections.unmodifiableMap(copy));
  }

  /** Whether the attribute is among the changed ones. */
  public boolean changed(String attribute) {
    return values.containsKey(Objects.requireNonNull(attribute, "attribute"));
  }

  /** The value before the change; empty when the attribute did not change. */
  public Optional<JsonNode> get(String attribute) {
    return Optional.ofNullable(values.get(Objects.requireNonNull(attribute, "attribute")));
  }

  /** The names of the changed attributes, in the sender's order. */
  public Set<String> names() {
    return values.keySet();
  }

  /** Whether the event carries no previous values. */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** The previous values as an unmodifiable map. Do not modify the nodes. */
  public Map<String, JsonNode> asMap() {
    return values;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PreviousAttributes previous && values.equals(previous.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "PreviousAttributes" + values;
  }
}
