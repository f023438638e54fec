package dev.hookline.receiver.signature;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;

/** How a signed timestamp is written. Parsing is strict and bounded in length. */
public enum TimestampFormat {
  /** Unix time in seconds: ASCII digits only, at most 12 of them. */
  UNIX_SECONDS {
    @Override
    Instant parse(String text) {
      long value = digits(text, 12);
      return value < 0 ? null : Instant.ofEpochSecond(value);
    }
  },
  /** Unix time in milliseconds: ASCII digits only, at most 15 of them. */
  UNIX_MILLIS {
    @Override
    Instant parse(String text) {
      long value = digits(text, 15);
      return value < 0 ? null : Instant.ofEpochMilli(value);
    }
  },
  /**
   * ISO-8601 date-time with seconds, an optional fraction of 1 to 9 digits and {@code Z} or an
   * offset, upper case: {@code 2025-01-01T08:34:23Z}, {@code 2025-01-01T09:34:23.5+01:00}.
   */
  ISO_8601 {
    @Override
    Instant parse(String text) {
      if (text.isEmpty() || text.length() > 40) {
        return null;
      }
      try {
        return OffsetDateTime.parse(text, STRICT_ISO).toInstant();
      } catch (DateTimeException e) {
        return null;
      }
    }
  };

  /** Case-sensitive, unlike {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}. */
  private static final DateTimeFormatter STRICT_ISO =
      new DateTimeFormatterBuilder()
          .parseCaseSensitive()
          .appendValue(ChronoField.YEAR, 4)
          .appendLiteral('-')
          .appendValue(ChronoField.MONTH_OF_YEAR, 2)
          .appendLiteral('-')
          .appendValue(ChronoField.DAY_OF_MONTH, 2)
          .appendLiteral('T')
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .appendOffset("+HH:MM", "Z")
          .toFormatter()
          .withResolverStyle(ResolverStyle.STRICT)
          .withChronology(IsoChronology.INSTANCE);

  /** Parses the text, or returns null when it is not strictly in this format. */
  abstract Instant parse(String text);

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
