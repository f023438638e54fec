package dev.hookline.receiver.core;

/**
 * The body could not be read as an event: not JSON, over a JSON limit, or an envelope field
 * missing. Maps to 400.
 */
public class MalformedEventException extends WebhookException {

  private static final long serialVersionUID = 1L;

  /** Creates an exception naming what is wrong with the envelope. */
  public MalformedEventException(String message) {
    super(message);
  }

  /** Creates an exception naming what is wrong, with the parser's exception. */
  public MalformedEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
