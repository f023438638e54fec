package dev.hookline.receiver.test;

import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.lucca.Lucca;
import org.junit.jupiter.api.Test;

/** The core example of the README section "Testing your handlers"; keep the two in sync. */
class ReadmeCoreExampleTest {

  static final String SECRET = "test-secret";

  @Test
  void renameIsHandledOnceAndForgeriesAreRejected() {
    HandlerLog handlers = new HandlerLog();
    ReceiverTester tester =
        ReceiverTester.given(
            Lucca.receiver(SECRET).on("employee.updated", handlers.record("rename")), handlers);
    SignedRequests rename =
        SignedRequests.lucca(SECRET)
            .event(
                LuccaFixtures.employeeUpdated()
                    .previous("givenName", "Ed")
                    .data("givenName", "Edward"));

    tester.when(rename).then().status(200).handled("employee.updated").ran("rename");
    tester.when(rename).then().status(200).duplicate("employee.updated").nothingHandled();
    tester.when(rename.tampered()).then().rejected(401).bodyContains("NO_MATCHING_SIGNATURE");
    tester.when(rename.withOldTimestamp()).then().rejected(401);
    tester.when(rename.withoutSignature()).then().rejected(401);
  }
}
