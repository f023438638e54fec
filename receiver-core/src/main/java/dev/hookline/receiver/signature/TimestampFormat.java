package dev.hookline.receiver.signature;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

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
  /** ISO-8601 date-time with {@code Z} or an offset, e.g. {@code 2025-01-01T08:34:23Z}. */
  ISO_8601 {
    @Override
    Instant parse(String text) {
      if (text.isEmpty() || text.length() > 40) {
        return null;
      }
      try {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      } catch (DateTimeException e) {
        return null;
      }
    }
  };

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
