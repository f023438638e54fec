package dev.hookline.receiver.internal;

import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * Turns text a request's sender wrote (ids, topics, sources, header and query values, paths, and
 * messages that quote them) into text that stays on one log line and cannot pass for another.
 *
 * <p>A backslash becomes {@code \\}; CR, LF and tab become {@code \r}, {@code \n} and {@code \t};
 * every other control character (including U+0085), line or paragraph separator (U+2028, U+2029),
 * format character (bidirectional overrides, zero-width characters) and unpaired surrogate becomes
 * {@code \}{@code uXXXX} per UTF-16 unit. Escaped text is at most {@link #MAX_LENGTH} characters,
 * followed by {@code …} when the value went on. Thread-safe.
 */
public final class LogText {

  /** The most characters of escaped text one value contributes to a log line: {@value}. */
  public static final int MAX_LENGTH = 200;

  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private LogText() {}

  /**
   * The value's text, escaped and bounded; {@code "null"} for null.
   *
   * @param value text written by the sender, or an object whose {@code toString()} may quote some
   */
  public static String escape(@Nullable Object value) {
    String text = String.valueOf(value);
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 1);
    int i = 0;
    while (i < text.length()) {
      int codePoint = text.codePointAt(i);
      int next = i + Character.charCount(codePoint);
      String piece = escaped(codePoint, text.substring(i, next));
      if (out.length() + piece.length() > MAX_LENGTH) {
        return out.append('…').toString();
      }
      out.append(piece);
      i = next;
    }
    return out.toString();
  }

  private static String escaped(int codePoint, String text) {
    return switch (codePoint) {
      case '\\' -> "\\\\";
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default -> printable(codePoint) ? text : unicodeEscapes(text);
    };
  }

  private static boolean printable(int codePoint) {
    int type = Character.getType(codePoint);
    return type != Character.CONTROL
        && type != Character.FORMAT
        && type != Character.LINE_SEPARATOR
        && type != Character.PARAGRAPH_SEPARATOR
        && type != Character.SURROGATE;
  }

  private static String unicodeEscapes(String text) {
    StringBuilder escapes = new StringBuilder(6 * text.length());
    for (char unit : text.toCharArray()) {
      escapes.append("\\u").append(HEX.toHexDigits(unit));
    }
    return escapes.toString();
  }
}
