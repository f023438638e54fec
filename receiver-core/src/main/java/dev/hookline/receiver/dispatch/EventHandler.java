package dev.hookline.receiver.dispatch;

import dev.hookline.receiver.event.WebhookEvent;

/**
 * Handles events as they are, without binding their data. A handler that throws fails the delivery.
 */
@FunctionalInterface
public interface EventHandler {

  /**
   * Handles one event.
   *
   * @throws Exception to fail the delivery
   */
  void handle(WebhookEvent event) throws Exception;
}
