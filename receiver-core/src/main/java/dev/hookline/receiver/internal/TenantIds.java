package dev.hookline.receiver.internal;

import org.jspecify.annotations.Nullable;

/**
 * The rule every tenant id follows: 1 to {@value #MAX_LENGTH} ASCII letters, digits, {@code .},
 * {@code _} or {@code -}, starting with a letter or a digit. Conservative on purpose: an id comes
 * from a request path that no signature covers, so it must never carry a separator, an escape, a
 * dot segment or a character a log line, a table key or a file name would read differently.
 */
public final class TenantIds {

  /** The longest tenant id: {@value}. */
  public static final int MAX_LENGTH = 64;

  /** The rule in words, for messages. */
  public static final String RULE =
      "1 to "
          + MAX_LENGTH
          + " ASCII letters, digits, '.', '_' or '-', starting with a letter or a digit";

  private TenantIds() {}

  /** Whether the text is a valid tenant id; false for null. */
  public static boolean isValid(@Nullable String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean alphanumeric =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alphanumeric && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
        return false;
      }
    }
    return true;
  }
}
