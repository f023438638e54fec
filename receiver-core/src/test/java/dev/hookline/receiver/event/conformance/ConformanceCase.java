package dev.hookline.receiver.event.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.core.WebhookRequest;
import dev.hookline.receiver.event.CloudEventRequests;
import dev.hookline.receiver.event.WebhookEvent;
import java.util.List;

/**
 * One peer's case: a request as the peer sends it, named after the upstream file, and the event it
 * holds.
 */
record ConformanceCase(String name, WebhookRequest request, ExpectedEvent expected) {

  /** Asserts that {@code CloudEventsReader} reads the expected event. */
  void assertRead() {
    expected.assertMatches(CloudEventRequests.readOne(request));
  }

  /** Asserts that a signed receiver answers 200 and hands the expected event to its handler. */
  void assertHandled() {
    List<WebhookEvent> handled = new CloudEventRequests.Endpoint().accept(request);

    assertThat(handled).hasSize(1);
    expected.assertMatches(handled.get(0));
  }

  @Override
  public String toString() {
    return name;
  }
}
