package dev.hookline.receiver.dispatch;

import dev.hookline.receiver.event.WebhookEvent;

/**
 * Handles events whose data is bound to {@code T}. A handler that throws makes the delivery fail
 * (500 in sync mode), so that the sender retries it.
 *
 * @param <T> the type the event data is bound to
 */
@FunctionalInterface
public interface WebhookHandler<T> {

  /**
   * Handles one event.
   *
   * @param data the event's data bound to {@code T}
   * @param event the whole event: id, topic, previous values, headers
   * @throws Exception to fail the delivery
   */
  void handle(T data, WebhookEvent event) throws Exception;
}
