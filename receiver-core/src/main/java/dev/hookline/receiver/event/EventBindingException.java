package dev.hookline.receiver.event;

import dev.hookline.receiver.WebhookException;

/** An event's data (or previous values) could not be bound to the requested type. */
public class EventBindingException extends WebhookException {

  private static final long serialVersionUID = 1L;

  /** Creates an exception naming the event and the target type, with Jackson's exception. */
  public EventBindingException(String message, Throwable cause) {
    super(message, cause);
  }
}
