package dev.hookline.receiver.internal;

/**
 * UTF-16 checks and cuts for the stores and inboxes, which keep text in encodings (UTF-8 columns,
 * Redis keys, Kafka headers) that cannot carry every Java string exactly.
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

  /**
   * The string cut to at most {@code max} UTF-16 units, never between the two halves of a surrogate
   * pair.
   */
  public static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    return s.substring(0, max > 0 && Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max);
  }
}
