package dev.hookline.receiver.fuzz;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Mutates JSON bodies from a seeded {@link Random}: structure-aware edits of a parsed tree (types
 * changed, numbers out of every range, long strings and control characters, deep nesting,
 * duplicate, missing and extra keys, arrays for objects, odd timestamps), then sometimes byte-level
 * flips, truncations and insertions, invalid UTF-8 among them. The same seed gives the same
 * mutants.
 */
final class JsonMutator {

  /** Envelope fields of the providers, mutated more often than the rest (a list: a fixed order). */
  private static final List<String> ENVELOPE_FIELDS =
      List.of(
          "id",
          "topic",
          "type",
          "source",
          "object",
          "data",
          "created",
          "occurredAt",
          "timestamp",
          "time",
          "action",
          "specversion",
          "datacontenttype",
          "data_base64",
          "apiVersion",
          "api_version",
          "previousAttributes",
          "previous_attributes",
          "previousattributes",
          "createdAt",
          "lastUpdatedAt",
          "birthDay",
          "day",
          "givenName",
          "email",
          "number",
          "amount");

  private static final String[] NUMBERS = {
    "0",
    "-1",
    "1.5",
    "-0",
    "0.0",
    "1E+2",
    "1e-7",
    "1e17",
    "-1e17",
    "1e300",
    "-1e300",
    "1700000000",
    "1700000000.0",
    "253402300799",
    "253402300800",
    "31556889864403200",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "1234567890123456789012345",
    "-1234567890123456789012345",
    "2147483648",
    "1" + "0".repeat(99),
    "1" + "0".repeat(100),
    "1." + "5".repeat(120),
    "NaN",
    "Infinity",
    "01",
    "1.",
    ".5",
    "+1",
    "0x10"
  };

  private static final String[] TIMES = {
    "2024-02-01T09:34:23.001Z",
    "+10000-01-01T00:00:00Z",
    "-0001-01-01T00:00:00Z",
    "+999999999-12-31T23:59:59Z",
    "9999-12-31T23:59:59.999999999Z",
    "0000-01-01T00:00:00Z",
    "2024-01-01T00:00:00.1234567891Z",
    "2024-02-30T00:00:00Z",
    "2024-01-01T24:00:00Z",
    "2024-01-01T23:59:60Z",
    "2024-01-01T00:00:00+18:01",
    "2024-01-01T00:00:00-18:00",
    "2024-01-01t00:00:00z",
    "2024-01-01T00:00Z",
    "2024-01-01T00:00:00",
    "2024-01-01",
    "1700000000",
    "2024-01-01T00:00:00+01:00[Europe/Paris]",
    "２０２４-01-01T00:00:00Z",
    "2024-01-01T00:00:00.Z",
    ""
  };

  private static final String[] STRINGS = {
    "",
    " ",
    "null",
    "employee.updated",
    "employee.",
    ".",
    "*",
    "customer.updated",
    "a\u0000b",
    "line\r\nInjected: yes",
    "\u001b[31mred",
    "\t",
    "\u2028\u2029",
    "\ud83d\ude00",
    "é",
    "%0d%0a",
    "../../etc/passwd",
    "https://evil.example",
    "1.0",
    "0.3"
  };

  /** Escaped JSON string texts a tree cannot produce: lone surrogates and bad escapes. */
  private static final String[] RAW_STRINGS = {
    "\"\\ud800\"", "\"\\udc00x\"", "\"\\u00\"", "\"\\x41\"", "\"\\u0000\"", "\"unterminated",
  };

  private static final byte[][] BAD_BYTES = {
    {(byte) 0xff},
    {(byte) 0xc3},
    {(byte) 0xc0, (byte) 0xaf},
    {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
    {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
    {(byte) 0xef, (byte) 0xbb, (byte) 0xbf},
    {0},
    {0x7f},
    {'"'},
    {'\\'},
    {'{'},
    {'}'},
    {'['},
    {','},
    {':'},
    {'\r', '\n'},
  };

  private static final Pattern TIME = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T");

  private static final ObjectMapper TREES = new ObjectMapper();
  private static final JsonFactory JSON = TREES.getFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Random random;

  JsonMutator(Random random) {
    this.random = random;
  }

  /** One mutant of the body: one to three JSON edits, or byte edits, or both. */
  byte[] mutate(byte[] seed) {
    JsonNode tree = parse(seed);
    byte[] mutant = seed;
    boolean bytesOnly = tree == null || random.nextInt(5) == 0;
    if (!bytesOnly) {
      Duplicates duplicates = new Duplicates();
      JsonNode root = tree.deepCopy();
      int edits = 1 + random.nextInt(3);
      for (int i = 0; i < edits; i++) {
        root = edit(root, duplicates);
      }
      mutant = write(root, duplicates);
    }
    if (bytesOnly || random.nextInt(6) == 0) {
      int edits = 1 + random.nextInt(2);
      for (int i = 0; i < edits; i++) {
        mutant = editBytes(mutant);
      }
    }
    return mutant;
  }

  /** A mutant of a header value the reader uses, such as an id or an event name. */
  String mutateHeader(String value) {
    return switch (random.nextInt(14)) {
      case 0 -> "";
      case 1 -> "x".repeat(257);
      case 2 -> "x".repeat(10_000);
      case 3 -> value + "é";
      case 4 -> value + " " + value;
      case 5 -> value.toUpperCase(java.util.Locale.ROOT);
      case 6 -> "*";
      // Percent-encoding as CloudEvents binary mode decodes it: broken, overlong, CR LF, quoted.
      case 7 -> value + "%";
      case 8 -> value + "%ZZ";
      case 9 -> value + "%C0%A0";
      case 10 -> value + "%0D%0Aforged";
      case 11 -> "\"" + value + "\"";
      case 12 -> "+999999999-12-31T23:59:59Z";
      default -> value + "." + value;
    };
  }

  private static JsonNode parse(byte[] body) {
    try {
      return TREES.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  /** Extra keys written after an object's own, for keys a tree cannot hold twice. */
  private static final class Duplicates {
    final Map<ObjectNode, List<Map.Entry<String, JsonNode>>> extra = new IdentityHashMap<>();
  }

  private JsonNode edit(JsonNode root, Duplicates duplicates) {
    List<Slot> slots = new ArrayList<>();
    collect(root, slots);
    if (slots.isEmpty() || random.nextInt(25) == 0) {
      return switch (random.nextInt(6)) {
        case 0 -> NODES.arrayNode().add(root);
        case 1 -> NODES.textNode(root.toString());
        case 2 -> NODES.nullNode();
        case 3 -> raw(pick(NUMBERS));
        case 4 -> NODES.arrayNode();
        default -> nest(root, 60 + random.nextInt(10));
      };
    }
    Slot slot = pickSlot(slots);
    JsonNode current = slot.get();
    switch (random.nextInt(12)) {
      case 0, 1 -> slot.set(value(current));
      case 2 -> slot.set(changeType(current));
      case 3 -> slot.remove();
      case 4 -> {
        if (slot.parent instanceof ObjectNode object) {
          duplicates
              .extra
              .computeIfAbsent(object, k -> new ArrayList<>())
              .add(Map.entry(slot.key, value(current)));
        } else {
          slot.set(value(current));
        }
      }
      case 5 -> {
        if (slot.parent instanceof ObjectNode object) {
          object.set(name(), value(null));
        } else if (slot.parent instanceof ArrayNode array) {
          array.add(value(null));
        }
      }
      case 6 -> {
        if (slot.parent instanceof ObjectNode object && slot.key != null) {
          object.remove(slot.key);
          object.set(rename(slot.key), current);
        } else {
          slot.set(value(current));
        }
      }
      case 7 -> slot.set(NODES.arrayNode().add(current));
      case 8 -> slot.set(nest(current, pick(new int[] {10, 62, 63, 64, 65, 200})));
      case 9 -> slot.set(NODES.textNode(longString()));
      case 10 -> slot.set(NODES.textNode(pick(TIMES)));
      default -> {
        Slot other = pickSlot(slots);
        if (other != slot && !contains(current, other.get()) && !contains(other.get(), current)) {
          JsonNode swapped = other.get();
          other.set(current);
          slot.set(swapped);
        } else {
          slot.set(NODES.nullNode());
        }
      }
    }
    return root;
  }

  /** A replacement value: most often of the same kind, out of its range. */
  private JsonNode value(JsonNode current) {
    if (current != null && random.nextInt(3) != 0) {
      if (current.isNumber()) {
        return raw(pick(NUMBERS));
      }
      if (current.isTextual() && TIME.matcher(current.textValue()).lookingAt()) {
        return NODES.textNode(pick(TIMES));
      }
    }
    return switch (random.nextInt(9)) {
      case 0, 1 -> raw(pick(NUMBERS));
      case 2 -> NODES.textNode(pick(STRINGS));
      case 3 -> NODES.textNode(pick(TIMES));
      case 4 -> raw(pick(RAW_STRINGS));
      case 5 -> random.nextBoolean() ? NODES.booleanNode(random.nextBoolean()) : NODES.nullNode();
      case 6 -> random.nextBoolean() ? NODES.objectNode() : NODES.arrayNode();
      case 7 -> current == null ? NODES.textNode(longString()) : changeType(current);
      default -> NODES.textNode(longString());
    };
  }

  private JsonNode changeType(JsonNode current) {
    if (current.isTextual()) {
      String text = current.textValue();
      return random.nextBoolean() && !text.isEmpty()
          ? NODES.objectNode().put("value", text)
          : raw(text.matches("-?[0-9]+") ? text : pick(NUMBERS));
    }
    if (current.isNumber()) {
      return random.nextBoolean()
          ? NODES.textNode(current.asText())
          : raw(current.asText() + (current.isIntegralNumber() ? ".0" : "e1"));
    }
    if (current.isObject()) {
      return random.nextBoolean()
          ? NODES.arrayNode().add(current)
          : NODES.textNode(current.toString());
    }
    if (current.isArray()) {
      return current.isEmpty() ? NODES.objectNode() : current.get(0);
    }
    return NODES.textNode(current.asText());
  }

  private String longString() {
    return switch (random.nextInt(6)) {
      case 0 -> "a".repeat(256);
      case 1 -> "a".repeat(257);
      case 2 -> "é".repeat(300);
      case 3 -> "x".repeat(2049);
      case 4 -> "\u0001\u001f\u007f".repeat(100);
      default -> "z".repeat(70_000);
    };
  }

  private String name() {
    return switch (random.nextInt(6)) {
      case 0 -> "";
      case 1 -> "__proto__";
      case 2 -> "n".repeat(1025);
      case 3 -> pick(ENVELOPE_FIELDS.toArray(new String[0]));
      case 4 -> "id\u0000";
      default -> "extra" + random.nextInt(100);
    };
  }

  private String rename(String key) {
    return switch (random.nextInt(4)) {
      case 0 -> key.toUpperCase(java.util.Locale.ROOT);
      case 1 -> key + " ";
      case 2 -> key.isEmpty() ? "x" : key.substring(1);
      default -> key + "_";
    };
  }

  private static JsonNode nest(JsonNode inner, int depth) {
    JsonNode node = inner;
    for (int i = 0; i < depth; i++) {
      node = i % 2 == 0 ? NODES.arrayNode().add(node) : NODES.objectNode().set("n", node);
    }
    return node;
  }

  private static boolean contains(JsonNode container, JsonNode node) {
    if (container == node) {
      return true;
    }
    for (JsonNode child : container) {
      if (contains(child, node)) {
        return true;
      }
    }
    return false;
  }

  private byte[] editBytes(byte[] body) {
    if (body.length == 0) {
      return pick(BAD_BYTES);
    }
    int at = random.nextInt(body.length);
    return switch (random.nextInt(7)) {
      case 0 -> {
        byte[] copy = body.clone();
        copy[at] ^= (byte) (1 << random.nextInt(8));
        yield copy;
      }
      case 1 -> java.util.Arrays.copyOf(body, at);
      case 2 -> splice(body, at, 0, pick(BAD_BYTES));
      case 3 -> splice(body, at, Math.min(body.length - at, 1 + random.nextInt(8)), new byte[0]);
      case 4 -> {
        int length = Math.min(body.length - at, 1 + random.nextInt(32));
        yield splice(body, at, 0, java.util.Arrays.copyOfRange(body, at, at + length));
      }
      case 5 -> {
        byte[] copy = body.clone();
        copy[at] = pick(BAD_BYTES)[0];
        yield copy;
      }
      default ->
          random.nextBoolean()
              ? splice(body, 0, 0, pick(BAD_BYTES))
              : splice(body, body.length, 0, " {}".getBytes(StandardCharsets.UTF_8));
    };
  }

  private static byte[] splice(byte[] body, int at, int removed, byte[] inserted) {
    byte[] out = new byte[body.length - removed + inserted.length];
    System.arraycopy(body, 0, out, 0, at);
    System.arraycopy(inserted, 0, out, at, inserted.length);
    System.arraycopy(body, at + removed, out, at + inserted.length, body.length - at - removed);
    return out;
  }

  private static JsonNode raw(String text) {
    return new POJONode(new RawValue(text));
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }

  private int pick(int[] values) {
    return values[random.nextInt(values.length)];
  }

  /** Prefers slots holding envelope fields, so that every edit is not lost in the data. */
  private Slot pickSlot(List<Slot> slots) {
    if (random.nextBoolean()) {
      List<Slot> envelope =
          slots.stream().filter(s -> s.key != null && ENVELOPE_FIELDS.contains(s.key)).toList();
      if (!envelope.isEmpty()) {
        return envelope.get(random.nextInt(envelope.size()));
      }
    }
    return slots.get(random.nextInt(slots.size()));
  }

  /** A place in the tree: a key of an object or an index of an array. */
  private static final class Slot {
    final JsonNode parent;
    final String key;
    final int index;

    Slot(JsonNode parent, String key, int index) {
      this.parent = parent;
      this.key = key;
      this.index = index;
    }

    JsonNode get() {
      return key != null ? parent.get(key) : parent.get(index);
    }

    void set(JsonNode value) {
      if (key != null) {
        ((ObjectNode) parent).set(key, value);
      } else {
        ((ArrayNode) parent).set(index, value);
      }
    }

    void remove() {
      if (key != null) {
        ((ObjectNode) parent).remove(key);
      } else if (index < parent.size()) {
        ((ArrayNode) parent).remove(index);
      }
    }
  }

  private static void collect(JsonNode node, List<Slot> slots) {
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        slots.add(new Slot(object, field.getKey(), -1));
        collect(field.getValue(), slots);
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        slots.add(new Slot(array, null, i));
        collect(array.get(i), slots);
      }
    }
  }

  private static byte[] write(JsonNode root, Duplicates duplicates) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      write(generator, root, duplicates);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator generator, JsonNode node, Duplicates duplicates)
      throws IOException {
    if (node instanceof POJONode pojo && pojo.getPojo() instanceof RawValue raw) {
      generator.writeRawValue(raw.rawValue().toString());
    } else if (node instanceof ObjectNode object) {
      generator.writeStartObject();
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        generator.writeFieldName(field.getKey());
        write(generator, field.getValue(), duplicates);
      }
      for (Map.Entry<String, JsonNode> extra : duplicates.extra.getOrDefault(object, List.of())) {
        generator.writeFieldName(extra.getKey());
        write(generator, extra.getValue(), duplicates);
      }
      generator.writeEndObject();
    } else if (node instanceof ArrayNode array) {
      generator.writeStartArray();
      for (JsonNode element : array) {
        write(generator, element, duplicates);
      }
      generator.writeEndArray();
    } else {
      generator.writeTree(node);
    }
  }
}
