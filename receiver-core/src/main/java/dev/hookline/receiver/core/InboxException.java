package dev.hookline.receiver.core;

import org.jspecify.annotations.Nullable;

/** The inbox could not be reached or updated. An accepting receiver answers 503. */
public class InboxException extends WebhookException {

  private static final long serialVersionUID = 1L;

  /** Creates an exception naming the operation that failed, with the cause (null for none). */
  public InboxException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
