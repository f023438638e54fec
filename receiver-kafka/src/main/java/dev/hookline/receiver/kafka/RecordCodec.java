package dev.hookline.receiver.kafka;

import dev.hookline.receiver.inbox.InboxMessage;
import dev.hookline.receiver.internal.Utf16;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

/**
 * How an inbox message travels in Kafka record headers: each request header as one record header
 * per value, named {@code h:} and the lower-cased name (Kafka keeps repeated headers in order), and
 * the inbox's own fields under {@code hookline-} names. The record's value is the raw body.
 */
final class RecordCodec {

  private static final String REQUEST_HEADER = "h:";
  static final String KEY = "hookline-key";
  private static final String TOPIC = "hookline-topic";
  static final String ACCEPTED_AT = "hookline-accepted-at";
  private static final String DUE_AT = "hookline-due-at";
  private static final String ATTEMPTS = "hookline-attempts";
  private static final String LAST_ERROR = "hookline-last-error";

  /** The record header holding a message's ordering key, for its requeue from the dead letters. */
  static final String ORDERING_KEY = "hookline-ordering-key";

  /** The longest last error kept in a record, in characters. */
  static final int MAX_ERROR_LENGTH = 2000;

  private RecordCodec() {}

  /**
   * The headers of a record holding the message, accepted at the given time.
   *
   * @param message the message; its token is not written
   */
  static Headers write(InboxMessage message, Instant acceptedAt) {
    RecordHeaders headers = new RecordHeaders();
    message
        .headers()
        .forEach(
            (name, values) ->
                values.forEach(value -> headers.add(REQUEST_HEADER + name, bytes(value))));
    headers.add(KEY, bytes(message.key()));
    headers.add(TOPIC, bytes(message.topic()));
    headers.add(ACCEPTED_AT, bytes(acceptedAt.toString()));
    headers.add(DUE_AT, bytes(message.nextAttemptAt().toString()));
    headers.add(ATTEMPTS, bytes(Integer.toString(message.attempts())));
    message
        .lastError()
        .ifPresent(error -> headers.add(LAST_ERROR, bytes(Utf16.cut(error, MAX_ERROR_LENGTH))));
    return headers;
  }

  /**
   * Reads a message back from a record's headers and value.
   *
   * @throws IllegalArgumentException if a {@code hookline-} header is missing or malformed
   */
  static InboxMessage read(Headers headers, byte[] body) {
    Map<String, List<String>> requestHeaders = new LinkedHashMap<>();
    for (Header header : headers) {
      if (header.key().startsWith(REQUEST_HEADER)) {
        requestHeaders
            .computeIfAbsent(
                header.key().substring(REQUEST_HEADER.length()), k -> new ArrayList<>())
            .add(text(header.value()));
      }
    }
    String error = last(headers, LAST_ERROR);
    return new InboxMessage(
        required(headers, KEY),
        required(headers, TOPIC),
        requestHeaders,
        body,
        Integer.parseInt(required(headers, ATTEMPTS)),
        Instant.parse(required(headers, DUE_AT)),
        Optional.ofNullable(error),
        "");
  }

  /** When the message was first accepted; its age, for listings. */
  static Instant acceptedAt(Headers headers) {
    return Instant.parse(required(headers, ACCEPTED_AT));
  }

  /** The value of the last header of the name, if any. */
  static @Nullable String last(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null ? null : text(header.value());
  }

  private static String required(Headers headers, String name) {
    String value = last(headers, name);
    if (value == null) {
      throw new IllegalArgumentException("record has no " + name + " header");
    }
    return value;
  }

  /**
   * The text as UTF-8, with an unpaired surrogate written as the three bytes UTF-8 would give its
   * code unit (which strict UTF-8 forbids), so that {@link #text} reads back the same string: a key
   * is whatever text its sender signed, and UTF-8 proper would write every unpaired surrogate as
   * {@code ?}, making distinct keys one and a message's key another. Text without one is plain
   * UTF-8.
   */
  static byte[] bytes(String text) {
    if (!Utf16.hasUnpairedSurrogate(text)) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(3 * text.length());
    int from = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        out.writeBytes(text.substring(from, i).getBytes(StandardCharsets.UTF_8));
        out.write(0xE0 | c >>> 12);
        out.write(0x80 | (c >>> 6 & 0x3F));
        out.write(0x80 | (c & 0x3F));
        from = i + 1;
      }
    }
    out.writeBytes(text.substring(from).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** The text {@link #bytes} wrote; other bytes are read as UTF-8. */
  static String text(byte[] bytes) {
    @Nullable StringBuilder text = null;
    int from = 0;
    for (int i = 0; i + 2 < bytes.length; i++) {
      // A surrogate's lead byte is ED, its next byte A0 to BF.
      if (bytes[i] == (byte) 0xED
          && (bytes[i + 1] & 0xE0) == 0xA0
          && (bytes[i + 2] & 0xC0) == 0x80) {
        if (text == null) {
          text = new StringBuilder(bytes.length);
        }
        text.append(new String(bytes, from, i - from, StandardCharsets.UTF_8))
            .append((char) (0xD000 | (bytes[i + 1] & 0x3F) << 6 | bytes[i + 2] & 0x3F));
        i += 2;
        from = i + 1;
      }
    }
    if (text == null) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    return text.append(new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8))
        .toString();
  }
}
