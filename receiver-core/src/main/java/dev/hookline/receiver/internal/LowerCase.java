package dev.hookline.receiver.internal;

import java.util.Locale;

/** Lower-casing of the names and media types the receiver compares on every request. */
public final class LowerCase {

  private LowerCase() {}

  /**
   * The text as {@code text.toLowerCase(Locale.ROOT)} gives it. Text with no upper-case ASCII
   * letter and nothing beyond ASCII, such as the header names the receiver looks up and the usual
   * {@code application/json}, is returned as it is: the check spares {@link String#toLowerCase}'s
   * table lookup per character, which was most of a header lookup's cost.
   */
  public static String of(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c >= 'A' && c <= 'Z') || c >= 0x80) {
        return text.toLowerCase(Locale.ROOT);
      }
    }
    return text;
  }
}
