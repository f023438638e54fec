package dev.hookline.receiver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogTextTest {

  @Test
  void printableTextIsKeptAsItIs() {
    String text = "employee.updated 123 https://example.ilucca.net Édouard ç 日本 😀 \"quoted\"";

    assertThat(LogText.escape(text)).isEqualTo(text);
  }

  @Test
  void lineBreaksAndTabBecomeTheirJavaEscapes() {
    assertThat(LogText.escape("forged\r\n[main] INFO granted\tx"))
        .isEqualTo("forged\\r\\n[main] INFO granted\\tx");
  }

  @ParameterizedTest(name = "U+{0}")
  @CsvSource({
    "0000", "0007", "000B", "000C", "001B", "007F", "0085", "009B", "00AD", "2028", "2029", "200B",
    "200E", "202E", "2066", "FEFF"
  })
  void otherControlAndInvisibleCharactersBecomeUnicodeEscapes(String hex) {
    char c = (char) Integer.parseInt(hex, 16);

    assertThat(LogText.escape("a" + c + "b")).isEqualTo("a\\u" + hex + "b");
  }

  @Test
  void aBackslashIsDoubledSoThatEscapedTextCannotBeForged() {
    assertThat(LogText.escape("a\\nb")).isEqualTo("a\\\\nb");
    assertThat(LogText.escape("a\nb")).isNotEqualTo(LogText.escape("a\\nb"));
  }

  @Test
  void unpairedSurrogatesAreEscapedAndPairsKept() {
    assertThat(LogText.escape("x\uD83Dy\uDE00z")).isEqualTo("x\\uD83Dy\\uDE00z");
    assertThat(LogText.escape("\uD83D\uDE00")).isEqualTo("😀");
  }

  @Test
  void aFormatCharacterOutsideTheBasicPlaneIsEscapedAsItsSurrogatePair() {
    String languageTag = new String(Character.toChars(0xE0001));

    assertThat(LogText.escape("a" + languageTag)).isEqualTo("a\\uDB40\\uDC01");
  }

  @Test
  void textUpToTheLimitIsKeptWhole() {
    String text = "x".repeat(LogText.MAX_LENGTH);

    assertThat(LogText.escape(text)).isEqualTo(text);
  }

  @Test
  void longerTextIsCutAtTheLimitWithAnEllipsis() {
    assertThat(LogText.escape("x".repeat(10_000))).isEqualTo("x".repeat(LogText.MAX_LENGTH) + "…");
  }

  @Test
  void theLimitCountsEscapedCharactersAndNeverSplitsAnEscape() {
    String escaped = LogText.escape("\u2028".repeat(100));

    assertThat(escaped).isEqualTo("\\u2028".repeat(LogText.MAX_LENGTH / 6) + "…");
    assertThat(LogText.escape("x".repeat(LogText.MAX_LENGTH - 1) + "\n"))
        .isEqualTo("x".repeat(LogText.MAX_LENGTH - 1) + "…");
  }

  @Test
  void theLimitNeverSplitsASurrogatePair() {
    String text = "x".repeat(LogText.MAX_LENGTH - 1) + "😀";

    assertThat(LogText.escape(text)).isEqualTo("x".repeat(LogText.MAX_LENGTH - 1) + "…");
  }

  @Test
  void nullAndObjectsAreWrittenThroughTheirText() {
    assertThat(LogText.escape(null)).isEqualTo("null");
    assertThat(LogText.escape(new StringBuilder("a\nb"))).isEqualTo("a\\nb");
  }
}
