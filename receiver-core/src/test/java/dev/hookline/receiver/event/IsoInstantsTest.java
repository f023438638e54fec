package dev.hookline.receiver.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.internal.IsoInstants;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2025-01-01T08:34:23Z",
        "2024-02-01T09:34:23.001Z",
        "2024-04-15T23:12:54.0001Z",
        "2024-04-15T23:12:54.123456789Z",
        "2025-01-01T09:34:23.5+01:00",
        "2024-02-29T00:00:00-05:30",
        "1970-01-01T00:00:00Z"
      })
  void strictFormAgreesWithJavaTime(String text) {
    assertThat(IsoInstants.strict(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2025-01-01t08:34:23z",
        "2025-01-01T08:34Z",
        "2025-02-30T08:34:23Z",
        "2025-01-01T24:00:00Z",
        "2025-01-01T08:34:60Z",
        "2025-01-01T08:34:23.Z",
        "2025-01-01T08:34:23.0000000001Z",
        "2025-01-01T08:34:23+0100",
        "2025-01-01T08:34:23",
        "2025-01-01T08:34:23Z ",
        "２０２５-01-01T08:34:23Z"
      })
  void strictRejectsEverythingElse(String text) {
    assertThat(IsoInstants.strict(text)).isNull();
  }

  @Test
  void lenientFallsBackToJavaTime() {
    assertThat(IsoInstants.lenient("2025-01-01T08:34Z"))
        .isEqualTo(Instant.parse("2025-01-01T08:34:00Z"));
    assertThat(IsoInstants.lenient("2025-01-01t08:34:23z"))
        .isEqualTo(Instant.parse("2025-01-01T08:34:23Z"));
    assertThatThrownBy(() -> IsoInstants.lenient("Monday")).isInstanceOf(DateTimeException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "+10000-01-01T00:00:00Z",
        "-0001-01-01T00:00:00Z",
        "+999999999-12-31T23:59:59Z",
        "2025-01-01T08:34:23.1234567891Z",
        "2025-01-01T08:34:23.123456789000000000000000000000000000000000000000000000000000Z"
      })
  void lenientRejectsYearsOutside0000To9999AndFractionsFinerThanNanos(String text) {
    assertThatThrownBy(() -> IsoInstants.lenient(text)).isInstanceOf(DateTimeException.class);
  }

  @Test
  void lenientReadsTheEdgesOfTheFourDigitYears() {
    assertThat(IsoInstants.lenient("0000-01-01T00:00Z"))
        .isEqualTo(Instant.parse("0000-01-01T00:00:00Z"));
    assertThat(IsoInstants.lenient("9999-12-31t23:59:59.999999999z"))
        .isEqualTo(Instant.parse("9999-12-31T23:59:59.999999999Z"));
  }
}
