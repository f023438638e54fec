package dev.hookline.receiver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InboxCodecTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "evt_1",
        "https://example.ilucca.net|e\u00e9",
        "evt\uD83D\uDE00",
        "evt\u0001",
        "hookline:utf16"
      })
  void aKeyEveryDatabaseKeepsIsWrittenAsItIs(String key) {
    assertThat(InboxCodec.writeKey(key)).isEqualTo(key);
    assertThat(InboxCodec.readKey(key)).isEqualTo(key);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"evt\u0000nul", "evt\uD800", "\uDC00", "hookline:utf16:0041", "hookline:utf16:"})
  void otherKeysAreWrittenInHexAndReadBack(String key) {
    String written = InboxCodec.writeKey(key);

    assertThat(written).startsWith(InboxCodec.CODE_UNITS_PREFIX).doesNotContain("\u0000");
    assertThat(InboxCodec.readKey(written)).isEqualTo(key);
  }

  @Test
  void aKeyStoredAsGivenBeforeTheEncodingReadsAsItself() {
    assertThat(InboxCodec.readKey("hookline:utf16:zz41")).isEqualTo("hookline:utf16:zz41");
    assertThat(InboxCodec.readKey("hookline:utf16:abc")).isEqualTo("hookline:utf16:abc");
    // Digits of other scripts are digits to Character.digit, not hex to HexFormat.
    assertThat(InboxCodec.readKey("hookline:utf16:\uFF10\uFF10\uFF14\uFF11"))
        .isEqualTo("hookline:utf16:\uFF10\uFF10\uFF14\uFF11");
  }

  @Test
  void randomKeysComeBackAsWritten() {
    Random random = new Random(14);
    char[] alphabet = {'a', '\u0000', '\u00e9', '\uD800', '\uDC00', 'h', ':', '0', '\uFFFF'};
    for (int n = 0; n < 20_000; n++) {
      char[] chars = new char[random.nextInt(6)];
      for (int i = 0; i < chars.length; i++) {
        chars[i] = alphabet[random.nextInt(alphabet.length)];
      }
      String key = new String(chars);
      assertThat(InboxCodec.readKey(InboxCodec.writeKey(key))).isEqualTo(key);
    }
  }
}
