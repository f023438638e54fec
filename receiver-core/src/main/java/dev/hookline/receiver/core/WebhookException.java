package dev.hookline.receiver.core;

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

  /** Creates an exception with a message and the cause it wraps. */
  public WebhookException(String message, Throwable cause) {
    super(message, cause);
  }
}
