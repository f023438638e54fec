package dev.hookline.receiver.fuzz;

import dev.hookline.receiver.ReceiverListener;
import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.dispatch.EventHandler;
import dev.hookline.receiver.dispatch.WebhookHandler;
import dev.hookline.receiver.event.WebhookEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Records, for one fuzz case at a time, the events the handlers saw and the failures the receiver
 * reported. The handlers themselves never throw: any failure comes from the receiver's binding.
 */
final class Recorder implements ReceiverListener {

  final List<WebhookEvent> handled = new ArrayList<>();
  final List<Throwable> failures = new ArrayList<>();
  final List<String> problems = new ArrayList<>();

  void reset() {
    handled.clear();
    failures.clear();
    problems.clear();
  }

  /** A typed handler: its data was bound by the receiver before it runs. */
  <T> WebhookHandler<T> typed() {
    return (value, event) -> handled.add(event);
  }

  /**
   * The untyped handler: it reads everything an application may read: the data tree, the previous
   * values, the time. Reading the tree of an accepted event must never fail.
   */
  EventHandler untyped() {
    return event -> {
      handled.add(event);
      try {
        event.data();
        event.previousAttributes().names();
        event.occurredAt();
        event.apiVersion();
      } catch (RuntimeException e) {
        problems.add("reading the data tree of an accepted event threw " + e);
      }
    };
  }

  /** A handler binding the previous values into the data's type, which may fail to bind. */
  <T> EventHandler previous(Class<T> type) {
    return event -> {
      handled.add(event);
      event.previous(type);
    };
  }

  /** The receiver of the builder, with the untyped handler on every topic and this listener. */
  WebhookReceiver receiver(WebhookReceiver.Builder builder) {
    return builder.onAny(untyped()).listener(this).build();
  }

  @Override
  public void failed(WebhookEvent event, Duration duration, Throwable failure) {
    failures.add(failure);
  }
}
