package dev.hookline.receiver.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.hookline.receiver.core.WebhookRequest;
import org.junit.jupiter.api.Test;

class WebhookEventTest {

  @Test
  void toStringEscapesWhatTheSenderWroteSoALogLineStaysOneLine() {
    WebhookEvent event =
        WebhookEvent.builder(WebhookRequest.builder().build(), new ObjectMapper())
            .id("forged\r\n[main] INFO granted")
            .topic("employee.updated\u2028x")
            .source("https://a.test/\u0085")
            .idempotencyKey("k")
            .data(MissingNode.getInstance())
            .build();

    assertThat(event)
        .hasToString(
            "WebhookEvent[employee.updated\\u2028x forged\\r\\n[main] INFO granted from"
                + " https://a.test/\\u0085]");
  }
}
