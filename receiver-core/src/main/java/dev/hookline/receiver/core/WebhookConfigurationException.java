package dev.hookline.receiver.core;

/** A receiver, verifier or store was configured with a value it cannot work with. */
public class WebhookConfigurationException extends WebhookException {

  private static final long serialVersionUID = 1L;

  /** Creates an exception naming the setting and the rule it broke. */
  public WebhookConfigurationException(String message) {
    super(message);
  }

  /** Creates an exception naming the setting, with the cause. */
  public WebhookConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
