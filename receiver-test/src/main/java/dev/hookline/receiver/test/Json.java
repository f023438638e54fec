package dev.hookline.receiver.test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The kit's JSON plumbing: one shared mapper, dotted-path edits. */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ObjectNode parse(String json) {
    try {
      return (ObjectNode) MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
    }
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode tree(Object value) {
    return value instanceof JsonNode node ? node : MAPPER.valueToTree(value);
  }

  /** Sets the member at a dotted path ({@code data.object.email}), creating parent objects. */
  static void set(ObjectNode root, String path, Object value) {
    String[] names = path.split("\\.");
    ObjectNode parent = root;
    for (int i = 0; i < names.length - 1; i++) {
      JsonNode child = parent.get(names[i]);
      if (!(child instanceof ObjectNode)) {
        child = parent.putObject(names[i]);
      }
      parent = (ObjectNode) child;
    }
    parent.set(names[names.length - 1], tree(value));
  }

  /** Removes the member at a dotted path, if present. */
  static void remove(ObjectNode root, String path) {
    String[] names = path.split("\\.");
    JsonNode parent = root;
    for (int i = 0; i < names.length - 1 && parent != null; i++) {
      parent = parent.get(names[i]);
    }
    if (parent instanceof ObjectNode object) {
      object.remove(names[names.length - 1]);
    }
  }
}
