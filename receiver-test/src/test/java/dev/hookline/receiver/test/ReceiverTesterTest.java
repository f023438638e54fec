package dev.hookline.receiver.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.fixtures.LuccaFixtures;
import dev.hookline.receiver.fixtures.SignedRequests;
import dev.hookline.receiver.fixtures.Signers;
import dev.hookline.receiver.lucca.Employee;
import dev.hookline.receiver.lucca.Lucca;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(HooklineExtension.class)
class ReceiverTesterTest {

  private static WebhookReceiver.Builder lucca(TestClock clock, HandlerLog handlers) {
    return WebhookReceiver.builder()
        .verifier(Lucca.scheme().withClock(clock).verifier(TestSigners.LUCCA_SECRET))
        .reader(Lucca.PROVIDER.reader())
        .on("employee.updated", Employee.class, handlers.record("rename", (employee, event) -> {}))
        .on(
            "employee.deleted",
            handlers.record(
                "delete",
                event -> {
                  throw new IllegalStateException("boom");
                }));
  }

  @Test
  void handledEventReportsStatusOutcomeAndHandlers(TestClock clock, TestSigners sign) {
    HandlerLog handlers = new HandlerLog();

    ReceiverTester.given(lucca(clock, handlers), handlers)
        .when(sign.lucca().event(LuccaFixtures.employeeUpdated()))
        .then()
        .status(200)
        .handled("employee.updated")
        .ran("rename")
        .didNotRun("delete");
  }

  @Test
  void redeliveryIsADuplicate(TestClock clock, TestSigners sign) {
    HandlerLog handlers = new HandlerLog();
    ReceiverTester tester = ReceiverTester.given(lucca(clock, handlers), handlers);

    tester.when(sign.lucca().event("employee.updated")).then().handled("employee.updated");
    tester
        .when(sign.lucca().event("employee.updated"))
        .then()
        .status(200)
        .duplicate("employee.updated")
        .nothingHandled();
  }

  @Test
  void failingHandlerAnswers500(TestClock clock, TestSigners sign) {
    HandlerLog handlers = new HandlerLog();

    Delivery delivery =
        ReceiverTester.given(lucca(clock, handlers), handlers)
            .when(sign.lucca().event(LuccaFixtures.employeeDeleted()))
            .then()
            .status(500)
            .failed("employee.deleted")
            .ran("delete");

    assertThat(delivery.failure("employee.deleted")).isPresent();
  }

  @Test
  void unknownTopicIsIgnored(TestClock clock, TestSigners sign) {
    HandlerLog handlers = new HandlerLog();

    ReceiverTester.given(lucca(clock, handlers), handlers)
        .when(sign.lucca().event(LuccaFixtures.leaveRequestCreated()))
        .then()
        .status(200)
        .ignored("leave-request.created")
        .nothingHandled();
  }

  @Test
  void negativeMutationsAreRejectedWith401(TestClock clock, TestSigners sign) {
    HandlerLog handlers = new HandlerLog();
    ReceiverTester tester = ReceiverTester.given(lucca(clock, handlers), handlers);
    SignedRequests employee = sign.lucca().event(LuccaFixtures.employeeUpdated());

    tester.when(employee.withOldTimestamp()).then().rejected(401).bodyContains("TIMESTAMP");
    tester.when(employee.tampered()).then().rejected(401).bodyContains("NO_MATCHING_SIGNATURE");
    tester.when(employee.withoutSignature()).then().rejected(401).bodyContains("MISSING_HEADER");
    tester.when(employee.signedWith(Signers.lucca("wrong"))).then().rejected(401);
  }

  @Test
  void clockMovesSignedTimestamps(TestClock clock, TestSigners sign) {
    clock.advance(Duration.ofMinutes(1));

    assertThat(sign.lucca().body("{}").headers())
        .containsEntry("Lucca-Timestamp", "2025-01-01T08:35:23Z");
    assertThat(sign.clock()).isSameAs(clock);
  }

  @Test
  void failedAssertionNamesWhatHappened(TestClock clock, TestSigners sign) {
    HandlerLog handlers = new HandlerLog();

    assertThatThrownBy(
            () ->
                ReceiverTester.given(lucca(clock, handlers), handlers)
                    .when(sign.lucca().event(LuccaFixtures.employeeUpdated()))
                    .then()
                    .status(202))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected status 202 but was 200")
        .hasMessageContaining("employee.updated:HANDLED");
  }
}
