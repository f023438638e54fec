package dev.hookline.receiver.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Whether a JSON body is shaped as a CloudEvent: an object with a top-level {@code specversion}
 * member, or an array whose first element is one. Only the body's own bytes decide, never a header.
 *
 * <p>Most bodies are no CloudEvent, and are told so by one scan for the bytes of {@code
 * specversion} and for a backslash followed by {@code u}, the only escape that could spell the name
 * otherwise; only a body holding either is walked as JSON, its top-level names compared as a JSON
 * reader decodes them. The scan looks for two byte pairs at once, eight positions at a time: the
 * name's {@code cv}, which JSON text rarely holds elsewhere (a single letter, such as its {@code
 * v}, is in most bodies' names and words), and the escape's backslash and {@code u}.
 */
final class CloudEventsShape {

  /** The member every structured CloudEvent has. */
  private static final String SPECVERSION = "specversion";

  private static final byte[] NAME = SPECVERSION.getBytes(StandardCharsets.UTF_8);

  /** Reads eight bytes of an array as one long, for the scan. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /** Each byte of a long set to one byte of a pair the scan looks for. */
  private static final long C = 'c' * ONES;

  private static final long V = 'v' * ONES;

  private static final long BACKSLASH = '\\' * ONES;

  private static final long U = 'u' * ONES;

  /** The name's offset of its pair {@code cv}. */
  private static final int CV_AT = SPECVERSION.indexOf("cv");

  /** Reads without the receiver's mapper: only the structure is looked at. */
  private static final JsonFactory JSON = new JsonFactory();

  private CloudEventsShape() {}

  /**
   * The CloudEvents framing the body's shape names: {@link Framing#CLOUDEVENTS_STRUCTURED} for an
   * object with a top-level {@code specversion}, {@link Framing#CLOUDEVENTS_BATCH} for an array
   * whose first element is such an object, else {@link Framing#PROVIDER}. A body that is not JSON
   * is {@link Framing#PROVIDER} unless the name came before the fault; the reader of the framing
   * then names the fault.
   */
  static Framing of(byte[] body) {
    if (!mayNameIt(body)) {
      return Framing.PROVIDER;
    }
    try (JsonParser parser = JSON.createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first == JsonToken.START_OBJECT) {
        return hasSpecVersion(parser) ? Framing.CLOUDEVENTS_STRUCTURED : Framing.PROVIDER;
      }
      if (first == JsonToken.START_ARRAY && parser.nextToken() == JsonToken.START_OBJECT) {
        return hasSpecVersion(parser) ? Framing.CLOUDEVENTS_BATCH : Framing.PROVIDER;
      }
      return Framing.PROVIDER;
    } catch (IOException e) {
      return Framing.PROVIDER;
    }
  }

  /** Whether the object the parser has just opened has the member at its own level. */
  private static boolean hasSpecVersion(JsonParser parser) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      if (parser.currentName().equals(SPECVERSION)) {
        return true;
      }
      parser.nextToken();
      parser.skipChildren();
    }
    return false;
  }

  /**
   * Whether the body holds the name's bytes or a Unicode escape (a backslash and {@code u}); false
   * proves that no member of any object in it is named {@code specversion}.
   */
  private static boolean mayNameIt(byte[] body) {
    int i = 0;
    // Each position's byte and the next, eight positions at a time: a word of pairs is looked at
    // byte by byte only if one of its positions may start either pair.
    for (int end = body.length - Long.BYTES - 1; i <= end; i += Long.BYTES) {
      long first = (long) LONGS.get(body, i);
      long second = (long) LONGS.get(body, i + 1);
      // A position holds a pair exactly where both of its bytes match, so where the two
      // differences' union is a zero byte: one check per pair.
      long pairs =
          hasZeroByte((first ^ C) | (second ^ V)) | hasZeroByte((first ^ BACKSLASH) | (second ^ U));
      if (pairs != 0 && candidateIn(body, i, Long.BYTES)) {
        return true;
      }
    }
    return candidateIn(body, i, body.length - i);
  }

  /**
   * Nonzero when a byte of the word is zero: the high bit of each zero byte is set (and may be of a
   * byte just above one, which the caller's byte-wise check then rules out), never of a word
   * without one.
   */
  private static long hasZeroByte(long word) {
    return (word - ONES) & ~word & HIGHS;
  }

  /**
   * Whether a pair starting among these bytes is the name's {@code cv}, with the rest of the name
   * around it, or a backslash and {@code u}.
   */
  private static boolean candidateIn(byte[] body, int from, int length) {
    for (int i = from; i < from + length && i + 1 < body.length; i++) {
      if (body[i] == '\\' && body[i + 1] == 'u') {
        return true;
      }
      if (body[i] == 'c' && body[i + 1] == 'v' && nameAt(body, i - CV_AT)) {
        return true;
      }
    }
    return false;
  }

  private static boolean nameAt(byte[] body, int start) {
    if (start < 0 || start + NAME.length > body.length) {
      return false;
    }
    for (int j = 0; j < NAME.length; j++) {
      if (body[start + j] != NAME[j]) {
        return false;
      }
    }
    return true;
  }
}
