package dev.hookline.receiver.signature;

import dev.hookline.receiver.internal.IsoInstants;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/** How a signed timestamp is written. Parsing is strict and bounded in length. */
public enum TimestampFormat {
  /** Unix time in seconds: ASCII digits only, at most 12 of them. */
  UNIX_SECONDS {
    @Override
    @Nullable Instant parse(String text) {
      long value = digits(text, 12);
      return value < 0 ? null : Instant.ofEpochSecond(value);
    }

    @Override
    public String format(Instant at) {
      return Long.toString(at.getEpochSecond());
    }
  },
  /** Unix time in milliseconds: ASCII digits only, at most 15 of them. */
  UNIX_MILLIS {
    @Override
    @Nullable Instant parse(String text) {
      long value = digits(text, 15);
      return value < 0 ? null : Instant.ofEpochMilli(value);
    }

    @Override
    public String format(Instant at) {
      return Long.toString(at.toEpochMilli());
    }
  },
  /**
   * ISO-8601 date-time with seconds, an optional fraction of 1 to 9 digits and {@code Z} or an
   * offset, upper case: {@code 2025-01-01T08:34:23Z}, {@code 2025-01-01T09:34:23.5+01:00}.
   */
  ISO_8601 {
    @Override
    @Nullable Instant parse(String text) {
      return IsoInstants.strict(text);
    }

    /** In UTC, truncated to the second: {@code 2025-01-01T08:34:23Z}. */
    @Override
    public String format(Instant at) {
      return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }
  };

  /** Parses the text, or returns null when it is not strictly in this format. */
  abstract @Nullable Instant parse(String text);

  /** The text a sender writes for the instant, truncated to this format's unit. */
  public abstract String format(Instant at);

  private static long digits(String text, int maxDigits) {
    int length = text.length();
    if (length == 0 || length > maxDigits) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
