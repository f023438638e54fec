package dev.hookline.receiver.internal.json;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.core.MalformedEventException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The UTF-8 check reads eight bytes at a time: a bad byte is found wherever it falls. */
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
}
