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

  /**
   * The type this handler always binds the event's previous attributes to with {@link
   * WebhookEvent#previous(Class)}, if there is one: the receiver binds them before any handler of
   * the event runs, so that previous attributes which do not fit stop the event as unbindable, as
   * data that does not fit its declared type does, instead of failing this handler after others
   * ran. Null (the default) when the handler binds none, or decides per event.
   */
  default @Nullable Class<?> previousType() {
    return null;
  }
}
