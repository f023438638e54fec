package dev.hookline.receiver.core;

import org.jspecify.annotations.Nullable;

/**
 * The base of every exception Hookline throws. Messages name the rule and the offending value, and
 * never a secret, an expected signature or a whole body.
 */
public class WebhookException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message. */
  public WebhookException(String message) {
    super(message);
  }

  /** Creates an exception with a message and the cause it wraps, if any (null for none). */
  public WebhookException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
