package dev.hookline.receiver.event.conformance;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A peer's published cases, each read by {@code CloudEventsReader} and sent, signed, through a
 * receiver. A subclass supplies them from a static {@code cases()} method.
 */
abstract class PeerCases {

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theReaderReadsTheCase(ConformanceCase input) {
    input.assertRead();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aSignedReceiverHandlesTheCase(ConformanceCase input) {
    input.assertHandled();
  }
}
