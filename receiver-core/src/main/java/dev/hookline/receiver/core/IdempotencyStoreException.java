package dev.hookline.receiver.core;

/**
 * The store could not answer (unreachable, full). The receiver answers 503 and processes nothing.
 */
public class IdempotencyStoreException extends WebhookException {

  private static final long serialVersionUID = 1L;

  /** Creates an exception naming what failed. */
  public IdempotencyStoreException(String message) {
    super(message);
  }

  /** Creates an exception naming what failed, with the cause. */
  public IdempotencyStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
