package dev.hookline.receiver.internal.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.receiver.core.Headers;
import dev.hookline.receiver.core.MalformedEventException;
import dev.hookline.receiver.internal.IsoInstants;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Strict helpers for {@code EventReader} implementations: each failure names the field. An event's
 * id and topic are bounded ({@link #MAX_ID_LENGTH}, {@link #MAX_TOPIC_LENGTH}): they become keys,
 * log lines and metric tags, so a signed body cannot make them as long as itself.
 */
public final class EventJson {

  /** Reads eight bytes of an array as one long, for the ASCII scan. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** The longest event id a reader accepts, in characters: 256. A longer one is malformed. */
  public static final int MAX_ID_LENGTH = 256;

  /** The longest topic a reader accepts, in characters: 256. A longer one is malformed. */
  public static final int MAX_TOPIC_LENGTH = 256;

  /**
   * The longest event source a reader accepts, in characters: 2048, room for a tenant URL. A longer
   * one is malformed.
   */
  public static final int MAX_SOURCE_LENGTH = 2048;

  /** The latest Unix time {@link #optionalUnixSeconds} accepts: 9999-12-31T23:59:59Z. */
  private static final long MAX_UNIX_SECONDS = 253_402_300_799L;

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
    return requiredText(object, field, field);
  }

  private static String requiredText(JsonNode object, String field, String path) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      throw new MalformedEventException("required field \"" + path + "\" is missing");
    }
    if (!value.isTextual() || value.textValue().isEmpty()) {
      throw new MalformedEventException(
          "field \""
              + path
              + "\" must be a non-empty string, but was "
              + (value.isTextual() ? "empty" : kind(value)));
    }
    return value.textValue();
  }

  /**
   * Returns a non-empty string field of at most {@code maxLength} characters, such as an id or a
   * topic.
   *
   * @throws MalformedEventException if the field is absent, not a string, empty or too long
   */
  public static String requiredText(JsonNode object, String field, int maxLength) {
    return requiredText(object, field, field, maxLength);
  }

  /**
   * Returns a non-empty string field of a nested object, of at most {@code maxLength} characters; a
   * failure names the field by its path.
   *
   * @param path the field's path from the body for the message, e.g. {@code event.type}
   * @throws MalformedEventException if the field is absent, not a string, empty or too long
   */
  public static String requiredText(JsonNode object, String field, String path, int maxLength) {
    return bounded(requiredText(object, field, path), path, maxLength);
  }

  /**
   * Returns a non-empty string field of at most {@code maxLength} characters when present and not
   * null.
   *
   * @throws MalformedEventException if it is present but not a string, empty or too long
   */
  public static Optional<String> optionalText(JsonNode object, String field, int maxLength) {
    JsonNode value = object.get(field);
    return value == null || value.isNull()
        ? Optional.empty()
        : Optional.of(requiredText(object, field, maxLength));
  }

  /**
   * Returns the first of the named headers that is present, which must be non-empty, at most {@code
   * maxLength} characters, and the same in every copy of that header (a request whose copies differ
   * names no one value, and two readers of it, say a proxy and this one, could each take another);
   * failures name the first header.
   *
   * @throws MalformedEventException if none is present, or the value is empty, too long or not the
   *     same in every copy
   */
  public static String requiredHeader(Headers headers, int maxLength, String... names) {
    for (String name : names) {
      List<String> values = headers.all(name);
      if (!values.isEmpty()) {
        String value = values.get(0);
        if (value.isEmpty()) {
          break;
        }
        if (value.length() > maxLength) {
          throw tooLong("header " + names[0], maxLength, value.length());
        }
        for (int i = 1; i < values.size(); i++) {
          if (!values.get(i).equals(value)) {
            throw new MalformedEventException(
                "header " + name + " is sent " + values.size() + " times with different values");
          }
        }
        return value;
      }
    }
    throw new MalformedEventException("required header " + names[0] + " is missing");
  }

  /**
   * As {@link #requiredHeader}, for one header that no signature covers and whose values never hold
   * a comma (GitHub's and Shopify's event names and ids): a value with commas is read as the copies
   * a proxy folds into one line (RFC 9110, section 5.3), so that a line folding two different
   * values is refused as two different lines are, and one folding copies that agree is their value.
   *
   * @throws MalformedEventException as {@link #requiredHeader} does, or if the folded values differ
   */
  public static String requiredUnsignedHeader(Headers headers, int maxLength, String name) {
    String value = requiredHeader(headers, maxLength, name);
    if (value.indexOf(',') < 0) {
      return value;
    }
    String[] copies = value.split(",", -1);
    String first = copies[0].trim();
    for (String copy : copies) {
      if (!copy.trim().equals(first)) {
        throw new MalformedEventException(
            "header " + name + " folds " + copies.length + " different values into one line");
      }
    }
    if (first.isEmpty()) {
      throw new MalformedEventException("required header " + name + " is missing");
    }
    return first;
  }

  /**
   * Returns the value of a field when it has at most {@code maxLength} characters.
   *
   * @throws MalformedEventException naming the field if it is longer
   */
  public static String bounded(String value, String field, int maxLength) {
    if (value.length() > maxLength) {
      throw tooLong("field \"" + field + "\"", maxLength, value.length());
    }
    return value;
  }

  private static MalformedEventException tooLong(String what, int maxLength, int length) {
    return new MalformedEventException(
        what + " must be at most " + maxLength + " characters, but had " + length);
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
    return optionalText(object, field).map(text -> instant(text, "field \"" + field + "\""));
  }

  /**
   * Returns the first value of an ISO-8601 date-time header with an offset when present, such as
   * Shopify's {@code X-Shopify-Triggered-At}.
   *
   * @throws MalformedEventException naming the header if it is present but not such a date-time
   */
  public static Optional<Instant> optionalInstantHeader(Headers headers, String name) {
    return headers.first(name).map(text -> instant(text, "header " + name));
  }

  private static Instant instant(String text, String what) {
    try {
      return IsoInstants.lenient(text);
    } catch (DateTimeException e) {
      throw new MalformedEventException(what + " must be an ISO-8601 date-time with offset");
    }
  }

  /**
   * Returns a Unix-seconds field when present and not null: a JSON integer from 0 to {@value
   * #MAX_UNIX_SECONDS} (9999-12-31T23:59:59Z). A float, a string or an integer out of that range is
   * malformed, never rounded, truncated or left to {@code java.time}'s range checks.
   *
   * @throws MalformedEventException if it is present but not such an integer
   */
  public static Optional<Instant> optionalUnixSeconds(JsonNode object, String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isIntegralNumber()) {
      throw new MalformedEventException(
          "field \""
              + field
              + "\" must be whole Unix seconds, but was "
              + (value.isNumber() ? value.asText() : kind(value)));
    }
    if (!value.canConvertToLong()
        || value.longValue() < 0
        || value.longValue() > MAX_UNIX_SECONDS) {
      throw new MalformedEventException(
          "field \""
              + field
              + "\" must be Unix seconds from 0 to "
              + MAX_UNIX_SECONDS
              + ", but was "
              + value.asText());
    }
    return Optional.of(Instant.ofEpochSecond(value.longValue()));
  }

  /**
   * Returns an object field when present and not null.
   *
   * @throws MalformedEventException if it is present but not an object
   */
  public static Optional<JsonNode> optionalObject(JsonNode object, String field) {
    return optionalObject(object, field, field);
  }

  /**
   * Returns an object field of a nested object when present and not null; a failure names the field
   * by its path.
   *
   * @param path the field's path from the body for the message, e.g. {@code data.object}
   * @throws MalformedEventException if it is present but not an object
   */
  public static Optional<JsonNode> optionalObject(JsonNode object, String field, String path) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isObject()) {
      throw new MalformedEventException(
          "field \"" + path + "\" must be an object, but was " + kind(value));
    }
    return Optional.of(value);
  }

  /**
   * Returns a required object field of a nested object; a failure names the field by its path.
   *
   * @param path the field's path from the body for the message, e.g. {@code data.object}
   * @throws MalformedEventException if it is absent, null or not an object
   */
  public static JsonNode requiredObject(JsonNode object, String field, String path) {
    return optionalObject(object, field, path)
        .orElseThrow(
            () -> new MalformedEventException("required field \"" + path + "\" is missing"));
  }

  /**
   * Checks that a JSON body is UTF-8 (RFC 8259, section 8.1) before any parser reads it: Jackson's
   * byte parser can take a field name it has met before from its symbol table without decoding it
   * again, so a name with an invalid byte may pass it. A NUL byte is refused too: no UTF-8 JSON
   * text has one (control characters are escaped in strings), while a UTF-16 or UTF-32 body without
   * a byte order mark is valid UTF-8 full of them, and Jackson would detect its encoding and read
   * it as JSON another reader of the same bytes would not. One pass, without allocation: eight
   * bytes at a time while they are ASCII, a multi-byte character at a time otherwise.
   *
   * @throws MalformedEventException naming the offset of the first byte that is not UTF-8, or of
   *     the first NUL byte
   */
  public static void requireUtf8(byte[] body) {
    int i = 0;
    while (i < body.length) {
      // Eight bytes at a time while they are ASCII without NUL.
      for (int end = body.length - Long.BYTES; i <= end; i += Long.BYTES) {
        long word = (long) LONGS.get(body, i);
        if (((word | (word - 0x0101010101010101L) & ~word) & 0x8080808080808080L) != 0) {
          break;
        }
      }
      // Then byte by byte to the end of that word (a sequence may run past it), and on.
      for (int stop = Math.min(i + Long.BYTES, body.length); i < stop; ) {
        byte b = body[i];
        if (b > 0) {
          i++;
        } else if (b == 0) {
          throw nul(i);
        } else {
          i += sequenceAt(body, i);
        }
      }
    }
  }

  /**
   * The length of the well-formed multi-byte UTF-8 sequence starting at the offset (RFC 3629,
   * section 4: no overlong form, no surrogate, nothing above U+10FFFF).
   *
   * @throws MalformedEventException naming the offset if no such sequence starts there
   */
  private static int sequenceAt(byte[] body, int start) {
    int lead = body[start] & 0xFF;
    if (lead < 0xC2 || lead > 0xF4) {
      throw notUtf8(start);
    }
    int length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    if (start + length > body.length) {
      throw notUtf8(start);
    }
    // The second byte's range depends on the lead; the others are any continuation byte.
    int low =
        switch (lead) {
          case 0xE0 -> 0xA0;
          case 0xF0 -> 0x90;
          default -> 0x80;
        };
    int high =
        switch (lead) {
          case 0xED -> 0x9F;
          case 0xF4 -> 0x8F;
          default -> 0xBF;
        };
    int second = body[start + 1] & 0xFF;
    if (second < low || second > high) {
      throw notUtf8(start);
    }
    for (int k = 2; k < length; k++) {
      if ((body[start + k] & 0xC0) != 0x80) {
        throw notUtf8(start);
      }
    }
    return length;
  }

  private static MalformedEventException notUtf8(int offset) {
    return new MalformedEventException("body is not valid UTF-8 at byte " + offset);
  }

  private static MalformedEventException nul(int offset) {
    return new MalformedEventException(
        "body has a NUL byte at byte "
            + offset
            + ", which no UTF-8 JSON text has (is it UTF-16 or UTF-32?)");
  }

  /**
   * An idempotency key made of parts, such as an event's source and id: each part with its
   * backslashes and vertical bars escaped by a backslash, joined by vertical bars ({@code
   * source|id}). Distinct lists of parts give distinct keys, so a source or id holding a bar cannot
   * make one event's key another's ({@code "a|b", "c"} and {@code "a", "b|c"}; a one-part key and a
   * two-part one), and parts without either character are kept as they are.
   */
  public static String key(String... parts) {
    boolean plain = true;
    for (String part : parts) {
      plain &= part.indexOf('|') < 0 && part.indexOf('\\') < 0;
    }
    if (plain) {
      return String.join("|", parts); // sized once, as the key of every ordinary event
    }
    StringBuilder key = new StringBuilder();
    for (int p = 0; p < parts.length; p++) {
      if (p > 0) {
        key.append('|');
      }
      String part = parts[p];
      for (int i = 0; i < part.length(); i++) {
        char c = part.charAt(i);
        if (c == '|' || c == '\\') {
          key.append('\\');
        }
        key.append(c);
      }
    }
    return key.toString();
  }

  /**
   * The idempotency key of an event whose sender signs only the body and no id (GitHub, Shopify):
   * {@code source|} + the body's {@link #sha256Hex SHA-256}, so the same body re-sent under any
   * unsigned headers is the same event.
   */
  public static String bodyKey(String source, byte[] body) {
    return key(source, sha256Hex(body));
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
