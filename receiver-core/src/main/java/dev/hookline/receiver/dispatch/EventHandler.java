package dev.hookline.receiver.dispatch;

import dev.hookline.receiver.event.WebhookEvent;
import org.jspecify.annotations.Nullable;

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

  /**
   * The type this handler always binds the event's data to with {@link WebhookEvent#data(Class)},
   * if there is one: a reader may then bind the data while it reads the body, so the handler gets
   * it without a second parse. Null (the default) when the handler binds none, or decides per
   * event.
   */
  default @Nullable Class<?> dataType() {
    return null;
  }
}
