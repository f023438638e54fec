package dev.hookline.receiver.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The body's own shape names a CloudEvents framing: only a top-level {@code specversion} counts,
 * however its name is written, wherever it falls in the eight-byte words of the scan.
 */
class CloudEventsShapeTest {

  private static Framing shapeOf(String body) {
    return CloudEventsShape.of(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aTopLevelSpecVersionAtEveryOffsetOfTheScanIsFound() {
    for (int padding = 0; padding < 24; padding++) {
      String pad = " ".repeat(padding);
      assertThat(shapeOf("{" + pad + "\"specversion\":\"1.0\"}"))
          .as("object, %d spaces before the name", padding)
          .isEqualTo(Framing.CLOUDEVENTS_STRUCTURED);
      assertThat(shapeOf("[{\"a\":\"" + "x".repeat(padding) + "\",\"specversion\":\"1.0\"}]"))
          .as("batch, %d bytes before the name", padding)
          .isEqualTo(Framing.CLOUDEVENTS_BATCH);
      assertThat(shapeOf("{\"a\":\"" + "x".repeat(padding) + "\",\"spec\\u0076ersion\":\"1\"}"))
          .as("escaped name, %d bytes before it", padding)
          .isEqualTo(Framing.CLOUDEVENTS_STRUCTURED);
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"id\":\"1\",\"type\":\"t\",\"data\":{}}",
        "{\"data\":{\"specversion\":\"1.0\"}}",
        "{\"note\":\"specversion\"}",
        "{\"note\":\"\\\\u0073\",\"versions\":[1]}",
        "[{\"id\":\"1\"},{\"specversion\":\"1.0\"}]",
        "[]",
        "[[{\"specversion\":\"1.0\"}]]",
        "\"specversion\"",
        "{\"a\":}{\"specversion\":\"1.0\"}",
        "{\"a\":\"\\\\",
        "not json specversion",
        "{\"cv\":\"cvcvcv\",\"x\":\"spec version\",\"y\":\"specversio\",\"z\":\"\\\\n\"}",
        "{\"a\":\"pecversion\",\"b\":\"xcv",
      })
  void nothingElseIsACloudEvent(String body) {
    assertThat(shapeOf(body)).isEqualTo(Framing.PROVIDER);
  }

  @Test
  void anEmptyBodyIsNoCloudEvent() {
    assertThat(shapeOf("")).isEqualTo(Framing.PROVIDER);
  }

  @Test
  void aFaultAfterTheNameLeavesItToTheCloudEventsReader() {
    assertThat(shapeOf("{\"specversion\":\"1.0\",\"id\":"))
        .isEqualTo(Framing.CLOUDEVENTS_STRUCTURED);
  }
}
