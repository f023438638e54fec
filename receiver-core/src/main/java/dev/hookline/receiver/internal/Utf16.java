package dev.hookline.receiver.internal;

/**
 * UTF-16 checks for the stores, which keep keys in encodings (UTF-8 columns and Redis keys) that
 * cannot carry every Java string exactly.
 */
public final class Utf16 {

  private Utf16() {}

  /**
   * Whether the string holds a surrogate without its pair, which UTF-8 cannot encode: encoders
   * write a replacement character instead, so that two such strings could become one.
   */
  public static boolean hasUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return true;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
