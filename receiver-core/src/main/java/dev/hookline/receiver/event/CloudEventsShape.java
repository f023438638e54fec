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
 * reader decodes them.
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

  /** Each byte of a long set to 'v', the rarest letter of the name in JSON text. */
  private static final long V = 'v' * ONES;

  private static final long BACKSLASH = '\\' * ONES;

  /** The name's offset of its 'v'. */
  private static final int V_AT = SPECVERSION.indexOf('v');

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
    // Eight bytes at a time: only a word holding a 'v' or a backslash is looked at byte by byte.
    for (int end = body.length - Long.BYTES; i <= end; i += Long.BYTES) {
      long word = (long) LONGS.get(body, i);
      if ((hasZeroByte(word ^ V) | hasZeroByte(word ^ BACKSLASH)) != 0 && candidateIn(body, i, 8)) {
        return true;
      }
    }
    return candidateIn(body, i, body.length - i);
  }

  /** Nonzero when a byte of the word is zero. */
  private static long hasZeroByte(long word) {
    return (word - ONES) & ~word & HIGHS;
  }

  /**
   * Whether a 'v' among these bytes is the name's, or a backslash among them starts a Unicode
   * escape.
   */
  private static boolean candidateIn(byte[] body, int from, int length) {
    for (int i = from; i < from + length; i++) {
      if (body[i] == '\\' && i + 1 < body.length && body[i + 1] == 'u') {
        return true;
      }
      if (body[i] == 'v' && nameAt(body, i - V_AT)) {
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
