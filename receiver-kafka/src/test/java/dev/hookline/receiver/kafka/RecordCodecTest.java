package dev.hookline.receiver.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordCodecTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "evt_1",
        "https://example.ilucca.net|e\u00e9\u4e2d",
        "evt\u0000nul",
        "evt\uD83D\uDE00"
      })
  void textUtf8CanCarryIsWrittenAsUtf8(String text) {
    assertThat(RecordCodec.bytes(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    assertThat(RecordCodec.text(RecordCodec.bytes(text))).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "evt\uD800",
        "\uDC00evt",
        "\uDBFF\uDBFF\uD83D\uDE00\uDFFF",
        "a\uD800\u00e9\uDC00b"
      })
  void unpairedSurrogatesComeBackAsWritten(String text) {
    byte[] bytes = RecordCodec.bytes(text);

    assertThat(RecordCodec.text(bytes)).isEqualTo(text);
    assertThat(new String(bytes, StandardCharsets.UTF_8)).isNotEqualTo(text);
  }

  @Test
  void randomStringsOfAwkwardCharactersComeBackAsWritten() {
    Random random = new Random(14);
    char[] alphabet = {
      'a', '\u0000', '\u00e9', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '?', '\uFFFD'
    };
    for (int n = 0; n < 20_000; n++) {
      char[] chars = new char[random.nextInt(6)];
      for (int i = 0; i < chars.length; i++) {
        chars[i] = alphabet[random.nextInt(alphabet.length)];
      }
      String text = new String(chars);
      assertThat(RecordCodec.text(RecordCodec.bytes(text)))
          .as("%s", (Object) chars)
          .isEqualTo(text);
    }
  }
}
