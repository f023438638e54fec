package dev.hookline.receiver.event;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;

/** Strict helpers for {@link EventReader} implementations: each failure names the field. */
public final class EventJson {

  private EventJson() {}

  /**
   * Parses the body as JSON under the mapper's read constraints.
   *
   * @throws MalformedEventException if the body is not one JSON value or breaks a constraint
   */
  public static JsonNode parse(ObjectMapper mapper, byte[] body) {
    if (body.length == 0) {
      throw new MalformedEventException("body is empty");
    }
    try {
      JsonNode node = mapper.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new MalformedEventException("body is empty");
      }
      return node;
    } catch (JacksonException e) {
      throw new MalformedEventException("body is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MalformedEventException("body could not be read: " + e.getMessage(), e);
    }
  }

  /**
   * Parses the body and requires a JSON object.
   *
   * @throws MalformedEventException if it is not a JSON object
   */
  public static JsonNode parseObject(ObjectMapper mapper, byte[] body) {
    JsonNode node = parse(mapper, body);
    if (!node.isObject()) {
      throw new MalformedEventException("body must be a JSON object, but was " + kind(node));
    }
    return node;
  }

  /**
   * Returns a non-empty string field.
   *
   * @throws MalformedEventException if the field is absent, not a string or empty
   */
  public static String requiredText(JsonNode object, String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      throw new MalformedEventException("required field \"" + field + "\" is missing");
    }
    if (!value.isTextual() || value.textValue().isEmpty()) {
      throw new MalformedEventException(
          "field \"" + field + "\" must be a non-empty string, but was " + kind(value));
    }
    return value.textValue();
  }

  /**
   * Returns a string field when present and not null.
   *
   * @throws MalformedEventException if it is present but not a string
   */
  public static Optional<String> optionalText(JsonNode object, String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new MalformedEventException(
          "field \"" + field + "\" must be a string, but was " + kind(value));
    }
    return Optional.of(value.textValue());
  }

  /**
   * Returns an ISO-8601 date-time field with an offset when present.
   *
   * @throws MalformedEventException if it is present but not such a date-time
   */
  public static Optional<Instant> optionalInstant(JsonNode object, String field) {
    Optional<String> text = optionalText(object, field);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(IsoInstants.lenient(text.get()));
    } catch (DateTimeException e) {
      throw new MalformedEventException(
          "field \"" + field + "\" must be an ISO-8601 date-time with offset");
    }
  }

  /**
   * Returns an object field when present and not null.
   *
   * @throws MalformedEventException if it is present but not an object
   */
  public static Optional<JsonNode> optionalObject(JsonNode object, String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isObject()) {
      throw new MalformedEventException(
          "field \"" + field + "\" must be an object, but was " + kind(value));
    }
    return Optional.of(value);
  }

  /** The lower-case hex SHA-256 of the body: the key of events that carry no id. */
  public static String sha256Hex(byte[] body) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  private static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
