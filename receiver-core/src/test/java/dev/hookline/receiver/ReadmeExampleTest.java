package dev.hookline.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.core.WebhookResponse;
import dev.hookline.receiver.lucca.Employee;
import dev.hookline.receiver.lucca.Lucca;
import dev.hookline.receiver.lucca.LuccaTopics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The core example of README.md, kept compiling and passing. */
class ReadmeExampleTest {

  @Test
  void readmeCoreExampleHandlesASignedLuccaEvent() {
    String secret = TestRequests.LUCCA_SECRET;
    WebhookRequest signed = TestRequests.lucca(TestRequests.employeeUpdated()).build();
    String timestamp = signed.headers().first("Lucca-Timestamp").orElseThrow();
    String signature = signed.headers().first("Lucca-Signature").orElseThrow();
    byte[] rawBody = signed.body();
    List<String> printed = new ArrayList<>();

    // README example, from here
    WebhookReceiver receiver =
        Lucca.receiver(secret)
            .on(
                LuccaTopics.EMPLOYEE_UPDATED,
                Employee.class,
                (employee, event) -> {
                  if (event.changed("givenName")) {
                    String before = event.previous(Employee.class).givenName();
                    printed.add(before + " is now " + employee.givenName());
                  }
                })
            .build();

    WebhookResponse response =
        receiver.receive(
            WebhookRequest.builder()
                .method("POST")
                .path("/webhooks/lucca")
                .header("Content-Type", "application/json")
                .header("Lucca-Timestamp", timestamp)
                .header("Lucca-Signature", signature)
                .body(rawBody)
                .build());
    // to here

    assertThat(response.status()).isEqualTo(200);
    assertThat(printed).containsExactly("Ed is now Edward");
  }
}
