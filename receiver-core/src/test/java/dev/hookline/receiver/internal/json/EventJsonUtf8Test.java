package dev.hookline.receiver.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.core.MalformedEventException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The UTF-8 check reads eight bytes at a time and multi-byte characters one at a time: a bad byte
 * is found wherever it falls, and it agrees with the JDK's own strict decoder.
 */
class EventJsonUtf8Test {

  @ParameterizedTest(name = "body of {0} bytes")
  @ValueSource(ints = {0, 1, 7, 8, 9, 15, 16, 17, 31, 64, 1529})
  void asciiAndValidMultiByteBodiesPass(int length) {
    byte[] ascii = new byte[length];
    Arrays.fill(ascii, (byte) 'a');
    assertThatCode(() -> EventJson.requireUtf8(ascii)).doesNotThrowAnyException();

    byte[] accented =
        (new String(ascii, StandardCharsets.US_ASCII) + "Édouard 日本 😀")
            .getBytes(StandardCharsets.UTF_8);
    assertThatCode(() -> EventJson.requireUtf8(accented)).doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "bad byte at {0}")
  @ValueSource(ints = {0, 1, 6, 7, 8, 9, 15, 16, 23, 24, 25, 39})
  void aBadByteIsNamedAtItsOffsetWhereverItFalls(int offset) {
    byte[] body = new byte[40];
    Arrays.fill(body, (byte) 'x');
    body[offset] = (byte) 0xFF;

    assertThatThrownBy(() -> EventJson.requireUtf8(body))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("body is not valid UTF-8 at byte " + offset);
  }

  @ParameterizedTest(name = "NUL at {0}")
  @ValueSource(ints = {0, 1, 7, 8, 9, 15, 16, 23, 24, 25, 39})
  void aNulByteIsNamedAtItsOffsetWhereverItFalls(int offset) {
    byte[] body = new byte[40];
    Arrays.fill(body, (byte) 'x');
    body[offset] = 0;

    assertThatThrownBy(() -> EventJson.requireUtf8(body))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage(
            "body has a NUL byte at byte "
                + offset
                + ", which no UTF-8 JSON text has (is it UTF-16 or UTF-32?)");
  }

  @ParameterizedTest(name = "NUL at {0}, after a multi-byte character")
  @ValueSource(ints = {2, 9, 17, 39})
  void aNulByteAfterAMultiByteCharacterIsFoundToo(int offset) {
    byte[] body = new byte[40];
    Arrays.fill(body, (byte) 'x');
    body[0] = (byte) 0xC3; // "é", valid
    body[1] = (byte) 0xA9;
    body[offset] = 0;

    assertThatThrownBy(() -> EventJson.requireUtf8(body))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageStartingWith("body has a NUL byte at byte " + offset + ",");
  }

  @ParameterizedTest(name = "truncated sequence ending at {0}")
  @ValueSource(ints = {8, 16, 17, 40})
  void aSequenceCutOffByTheEndOfTheBodyIsRejected(int length) {
    byte[] body = new byte[length];
    Arrays.fill(body, (byte) 'x');
    body[length - 1] = (byte) 0xC3; // first byte of a two-byte sequence, and nothing after it

    assertThatThrownBy(() -> EventJson.requireUtf8(body))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("body is not valid UTF-8 at byte " + (length - 1));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "overlong two-byte NUL, C0 80",
    "overlong two-byte, C1 BF",
    "overlong three-byte, E0 9F BF",
    "UTF-16 surrogate, ED A0 80",
    "overlong four-byte, F0 8F BF BF",
    "above U+10FFFF, F4 90 80 80",
    "lead byte F5, F5 80 80 80",
    "lone continuation byte, 80",
    "lead without its continuation, E2 28 A1",
    "third byte not a continuation, E2 82 28",
    "fourth byte not a continuation, F0 90 80 28",
  })
  void malformedSequencesAreNamedAtTheirFirstByte(String name, String hex) {
    byte[] sequence = bytes(hex);
    for (int before : new int[] {0, 3, 7, 8, 13}) {
      byte[] body = between(before, sequence, 5);

      assertThatThrownBy(() -> EventJson.requireUtf8(body))
          .as("%s after %d bytes", name, before)
          .isInstanceOf(MalformedEventException.class)
          .hasMessage("body is not valid UTF-8 at byte " + before);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "U+0080, C2 80",
    "U+07FF, DF BF",
    "U+0800, E0 A0 80",
    "U+D7FF, ED 9F BF",
    "U+E000, EE 80 80",
    "U+FFFF, EF BF BF",
    "U+10000, F0 90 80 80",
    "U+10FFFF, F4 8F BF BF",
  })
  void theEdgesOfEachSequenceLengthPass(String name, String hex) {
    byte[] sequence = bytes(hex);
    for (int before : new int[] {0, 5, 6, 7, 8}) {
      byte[] body = between(before, sequence, 0);

      assertThatCode(() -> EventJson.requireUtf8(body))
          .as("%s after %d bytes", name, before)
          .doesNotThrowAnyException();
    }
  }

  /**
   * Random bodies of ASCII runs, characters of every length, stray bytes and NULs: the check
   * refuses exactly the bodies the JDK's strict UTF-8 decoder refuses or that hold a NUL, naming
   * whichever comes first.
   */
  @Test
  void agreesWithTheJdkDecoderOnRandomBodies() {
    SplittableRandom random = new SplittableRandom(20261201L);
    int refused = 0;
    for (int run = 0; run < 20_000; run++) {
      byte[] body = randomBody(random);
      String expected = jdkVerdict(body);
      String actual;
      try {
        EventJson.requireUtf8(body);
        actual = null;
      } catch (MalformedEventException e) {
        actual = e.getMessage();
        refused++;
      }
      if (expected == null ? actual != null : !expected.equals(actual)) {
        throw new AssertionError(
            "body "
                + HexFormat.of().formatHex(body)
                + ": expected "
                + expected
                + ", got "
                + actual);
      }
    }
    // Both verdicts occur often enough for the comparison to mean something.
    assertThat(refused).isBetween(2_000, 18_000);
  }

  private static byte[] randomBody(SplittableRandom random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int parts = random.nextInt(1, 12);
    for (int p = 0; p < parts; p++) {
      int kind = random.nextInt(20);
      if (kind < 10) {
        int run = random.nextInt(0, 20);
        for (int i = 0; i < run; i++) {
          out.write(random.nextInt(0x20, 0x7F));
        }
      } else if (kind < 18) {
        int codePoint;
        do {
          codePoint = random.nextInt(0x80, 0x110000);
        } while (codePoint >= 0xD800 && codePoint <= 0xDFFF);
        byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        out.write(encoded, 0, encoded.length);
      } else if (kind == 18) {
        out.write(random.nextInt(0x80, 0x100));
      } else if (random.nextInt(4) == 0) {
        out.write(0);
      }
    }
    return out.toByteArray();
  }

  /** What the check must answer: null, or the message naming the first problem. */
  private static String jdkVerdict(byte[] body) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    CoderResult result = decoder.decode(in, CharBuffer.allocate(body.length), true);
    int malformed = result.isError() ? in.position() : body.length;
    for (int i = 0; i < malformed; i++) {
      if (body[i] == 0) {
        return "body has a NUL byte at byte "
            + i
            + ", which no UTF-8 JSON text has (is it UTF-16 or UTF-32?)";
      }
    }
    return result.isError() ? "body is not valid UTF-8 at byte " + malformed : null;
  }

  /** The sequence with that many ASCII bytes before and after it. */
  private static byte[] between(int before, byte[] sequence, int after) {
    byte[] body = new byte[before + sequence.length + after];
    Arrays.fill(body, (byte) 'x');
    System.arraycopy(sequence, 0, body, before, sequence.length);
    return body;
  }

  private static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }
}
