package dev.hookline.receiver.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InboxMessageTest {

  @Test
  void toStringEscapesWhatTheSenderWroteSoALogLineStaysOneLine() {
    InboxMessage message =
        new InboxMessage(
            "lucca|forged\r\n[main] INFO granted",
            "employee.updated\u2029",
            Map.of(),
            new byte[0],
            2,
            Instant.EPOCH,
            Optional.empty(),
            "token");

    assertThat(message)
        .hasToString(
            "InboxMessage[lucca|forged\\r\\n[main] INFO granted employee.updated\\u2029,"
                + " attempts=2]");
  }
}
