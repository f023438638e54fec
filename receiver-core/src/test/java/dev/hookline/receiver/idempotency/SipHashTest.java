package dev.hookline.receiver.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SipHashTest {

  /** The reference key: bytes 00 to 0f. */
  private final SipHash reference = new SipHash(0x0706050403020100L, 0x0f0e0d0c0b0a0908L);

  /**
   * The reference implementation's SipHash-2-4-128 vectors: the message of length n is the bytes
   * 00, 01, ..., n-1. A string carries whole UTF-16 code units, so the even lengths are checked,
   * the bytes 2i and 2i+1 making code unit i.
   */
  @ParameterizedTest
  @CsvSource({
    "0, a3817f04ba25a8e66df67214c7550293",
    "2, 8177228da4a45dc7fca38bdef60affe4",
    "4, f88164c12d9c8faf7d0f6e7c7bcd5579",
    "6, 14eeca338b208613485ea0308fd7a15e",
    "8, 3b62a9ba6258f5610f83e264f31497b4",
    "14, 31fcefac66d7de9c7ec7485fe4494902",
    "16, 6ee2a4ca67b054bbfd3315bf85230577",
    "30, ea5c7f471faf6bde2b1ad7d4686d2287",
    "32, 7c3956ca5eeafc3e363e9d556546eb68",
    "62, 5853542321f567a005d547a4f04759bd"
  })
  void matchesTheReferenceVectors(int bytes, String expected) {
    StringBuilder message = new StringBuilder();
    for (int i = 0; i < bytes; i += 2) {
      message.append((char) (i | (i + 1) << 8));
    }

    SipHash.Digest digest = reference.digest(message.toString());

    assertThat(littleEndianHex(digest.first()) + littleEndianHex(digest.second()))
        .isEqualTo(expected);
  }

  @Test
  void keysThatDifferOnlyInCodeUnitsOrLengthGetDifferentDigests() {
    SipHash hash = SipHash.randomlyKeyed();
    Set<SipHash.Digest> digests = new HashSet<>();
    String[] keys = {"", "\0", "\0\0", "a", "a\0", "\u0100", "\u0001\u0000", "é", "e\u0301"};
    for (String key : keys) {
      digests.add(hash.digest(key));
    }

    assertThat(digests).hasSize(keys.length);
    assertThat(hash.digest("lucca:evt-1")).isEqualTo(hash.digest(new String("lucca:evt-1")));
  }

  @Test
  void eachFunctionHasItsOwnKey() {
    assertThat(SipHash.randomlyKeyed().digest("k"))
        .isNotEqualTo(SipHash.randomlyKeyed().digest("k"));
  }

  private static String littleEndianHex(long word) {
    return String.format("%016x", Long.reverseBytes(word));
  }
}
