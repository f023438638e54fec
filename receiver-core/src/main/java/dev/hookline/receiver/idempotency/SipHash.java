package dev.hookline.receiver.idempotency;

import java.security.SecureRandom;

/**
 * SipHash-2-4 with a 128-bit output, a keyed pseudorandom function (Aumasson and Bernstein), over
 * the UTF-16 code units of a string taken as little-endian bytes. Distinct strings are distinct
 * byte sequences, so two keys share a digest only by chance, about once in 2<sup>64</sup> keys, and
 * with the key secret and random nobody can search for such a pair offline. The in-memory store
 * keeps these digests instead of the strings.
 */
final class SipHash {

  private final long k0;
  private final long k1;

  SipHash(long k0, long k1) {
    this.k0 = k0;
    this.k1 = k1;
  }

  /** A function keyed with 128 fresh random bits. */
  static SipHash randomlyKeyed() {
    SecureRandom random = new SecureRandom();
    return new SipHash(random.nextLong(), random.nextLong());
  }

  /** The digest of the string's UTF-16LE bytes. */
  Digest digest(String s) {
    State state = new State(k0, k1);
    int chars = s.length();
    int whole = chars & ~3;
    for (int i = 0; i < whole; i += 4) {
      state.compress(
          s.charAt(i)
              | (long) s.charAt(i + 1) << 16
              | (long) s.charAt(i + 2) << 32
              | (long) s.charAt(i + 3) << 48);
    }
    // The last block: the remaining 0 to 3 code units, and the length in bytes modulo 256 on top.
    long last = (long) (chars * 2) << 56;
    for (int i = whole; i < chars; i++) {
      last |= (long) s.charAt(i) << ((i - whole) * 16);
    }
    state.compress(last);
    return state.finish();
  }

  /** The two halves of a digest: bytes 0 to 7 and 8 to 15, little-endian. */
  record Digest(long first, long second) {}

  /** The four words of the function's state. */
  private static final class State {
    private long v0;
    private long v1;
    private long v2;
    private long v3;

    State(long k0, long k1) {
      v0 = k0 ^ 0x736f6d6570736575L;
      v1 = k1 ^ 0x646f72616e646f6dL ^ 0xee;
      v2 = k0 ^ 0x6c7967656e657261L;
      v3 = k1 ^ 0x7465646279746573L;
    }

    void compress(long block) {
      v3 ^= block;
      rounds(2);
      v0 ^= block;
    }

    Digest finish() {
      v2 ^= 0xee;
      rounds(4);
      long first = v0 ^ v1 ^ v2 ^ v3;
      v1 ^= 0xdd;
      rounds(4);
      return new Digest(first, v0 ^ v1 ^ v2 ^ v3);
    }

    private void rounds(int count) {
      for (int i = 0; i < count; i++) {
        v0 += v1;
        v1 = Long.rotateLeft(v1, 13) ^ v0;
        v0 = Long.rotateLeft(v0, 32);
        v2 += v3;
        v3 = Long.rotateLeft(v3, 16) ^ v2;
        v0 += v3;
        v3 = Long.rotateLeft(v3, 21) ^ v0;
        v2 += v1;
        v1 = Long.rotateLeft(v1, 17) ^ v2;
        v2 = Long.rotateLeft(v2, 32);
      }
    }
  }
}
