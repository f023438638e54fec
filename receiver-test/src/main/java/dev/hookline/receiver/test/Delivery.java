package dev.hookline.receiver.test;

import dev.hookline.receiver.core.DeliveryOutcome;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one delivery in a {@link ReceiverTester}: the response and what the receiver did
 * with each event, with fluent assertions that throw {@link AssertionError} naming what happened
 * instead. Immutable.
 *
 * @param status the HTTP status answered
 * @param body the response body text
 * @param headers the response headers
 * @param events what became of each event of this delivery
 * @param rejections the rejection of this delivery, if it was rejected before its events
 * @param handlers the names of the {@link HandlerLog} handlers that ran for this delivery
 */
public record Delivery(
    int status,
    String body,
    Map<String, String> headers,
    List<RecordingListener.Recorded> events,
    List<RecordingListener.Rejection> rejections,
    List<String> handlers) {

  /** Copies the lists. */
  public Delivery {
    Objects.requireNonNull(body, "body");
    headers = Map.copyOf(headers);
    events = List.copyOf(events);
    rejections = List.copyOf(rejections);
    handlers = List.copyOf(handlers);
  }

  /** Starts the assertions; reads well after {@code when(…)}. */
  public Delivery then() {
    return this;
  }

  /** Asserts the status answered. */
  public Delivery status(int expected) {
    if (status != expected) {
      fail("expected status " + expected + " but was " + status);
    }
    return this;
  }

  /** Asserts the response body contains the text (e.g. a rejection reason). */
  public Delivery bodyContains(String text) {
    if (!body.contains(text)) {
      fail("expected the response body to contain \"" + text + "\"");
    }
    return this;
  }

  /** Asserts an event of the topic was handled: every matching handler returned normally. */
  public Delivery handled(String topic) {
    return outcome(topic, DeliveryOutcome.HANDLED);
  }

  /** Asserts an event of the topic was acknowledged without a handler. */
  public Delivery ignored(String topic) {
    return outcome(topic, DeliveryOutcome.IGNORED);
  }

  /** Asserts an event of the topic was recognised as a duplicate; no handler ran. */
  public Delivery duplicate(String topic) {
    return outcome(topic, DeliveryOutcome.DUPLICATE);
  }

  /** Asserts an event of the topic failed (a handler threw or the store failed). */
  public Delivery failed(String topic) {
    return outcome(topic, DeliveryOutcome.FAILED);
  }

  /** Asserts the request was rejected with the status before any event was read. */
  public Delivery rejected(int expectedStatus) {
    status(expectedStatus);
    if (rejections.isEmpty()) {
      fail("expected a rejection");
    }
    return this;
  }

  /** Asserts these named handlers ran, and no other named handler. */
  public Delivery ran(String... names) {
    if (!java.util.Set.copyOf(handlers).equals(java.util.Set.of(names))) {
      fail("expected handlers " + List.of(names) + " to run");
    }
    return this;
  }

  /** Asserts none of these named handlers ran. */
  public Delivery didNotRun(String... names) {
    for (String name : names) {
      if (handlers.contains(name)) {
        fail("expected handler " + name + " not to run");
      }
    }
    return this;
  }

  /** Asserts no handler ran and no event was handled. */
  public Delivery nothingHandled() {
    if (!handlers.isEmpty()
        || events.stream().anyMatch(e -> e.outcome() == DeliveryOutcome.HANDLED)) {
      fail("expected nothing to be handled");
    }
    return this;
  }

  /** The failure of the first failed event of the topic, if any. */
  public Optional<Throwable> failure(String topic) {
    return events.stream()
        .filter(e -> e.topic().equals(topic) && e.failure() != null)
        .map(RecordingListener.Recorded::failure)
        .findFirst();
  }

  private Delivery outcome(String topic, DeliveryOutcome expected) {
    boolean found =
        events.stream().anyMatch(e -> e.topic().equals(topic) && e.outcome() == expected);
    if (!found) {
      fail("expected " + topic + " to be " + expected);
    }
    return this;
  }

  private void fail(String message) {
    throw new AssertionError(message + "; but the delivery was " + this);
  }

  @Override
  public String toString() {
    return status
        + " "
        + (body.isEmpty() ? "" : "\"" + body + "\" ")
        + "events="
        + events.stream().map(e -> e.topic() + ":" + e.outcome()).toList()
        + " handlers="
        + handlers;
  }
}
