package dev.hookline.receiver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Utf16Test {

  @Test
  void unpairedSurrogatesAreFoundAndPairsAreNot() {
    assertThat(Utf16.hasUnpairedSurrogate("a\ud83d\ude00b")).isFalse();
    assertThat(Utf16.hasUnpairedSurrogate("a\ud83d")).isTrue();
    assertThat(Utf16.hasUnpairedSurrogate("\ude00a")).isTrue();
    assertThat(Utf16.hasUnpairedSurrogate("\ud83d\ud83d\ude00")).isTrue();
  }

  @Test
  void aCutNeverSplitsASurrogatePair() {
    assertThat(Utf16.cut("abc", 5)).isEqualTo("abc");
    assertThat(Utf16.cut("abcdef", 3)).isEqualTo("abc");
    assertThat(Utf16.cut("ab\ud83d\ude00", 3)).isEqualTo("ab");
    assertThat(Utf16.cut("ab\ud83d\ude00", 4)).isEqualTo("ab\ud83d\ude00");
  }
}
