package dev.hookline.receiver.core;

import java.util.List;

/**
 * One or more handlers of an event threw. The first failure is the cause, the others are
 * suppressed; none is ever swallowed.
 */
public class HandlerFailedException extends WebhookException {

  private static final long serialVersionUID = 1L;

  /** Aggregates the failures of the handlers of one event. */
  public HandlerFailedException(String message, List<? extends Throwable> failures) {
    super(message, failures.get(0));
    failures.stream().skip(1).forEach(this::addSuppressed);
  }
}
