package dev.hookline.receiver.core;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A receiver, verifier or store was configured with a value it cannot work with. When the value
 * came from a named setting (e.g. the Spring property {@code hookline.endpoints.lucca.secrets}),
 * the exception carries that name as {@link #setting()}, so callers never parse the message.
 */
public class WebhookConfigurationException extends WebhookException {

  private static final long serialVersionUID = 1L;

  /** The setting the message names, or null when it names none. */
  private final @Nullable String setting;

  /** Creates an exception naming the setting and the rule it broke. */
  public WebhookConfigurationException(String message) {
    super(message);
    this.setting = null;
  }

  /** Creates an exception naming the setting, with the cause. */
  public WebhookConfigurationException(String message, Throwable cause) {
    super(message, cause);
    this.setting = null;
  }

  /**
   * Creates an exception about a named setting.
   *
   * @param setting the setting as the user writes it, e.g. {@code hookline.endpoints.lucca.secrets}
   * @param message the whole message, which names the setting and the rule it broke
   */
  public WebhookConfigurationException(String setting, String message) {
    super(message);
    this.setting = Objects.requireNonNull(setting, "setting");
  }

  /**
   * Creates an exception about a named setting, with the cause.
   *
   * @param setting the setting as the user writes it, e.g. {@code hookline.endpoints.lucca}
   * @param message the whole message, which names the setting and the rule it broke
   * @param cause the error the setting led to
   */
  public WebhookConfigurationException(String setting, String message, Throwable cause) {
    super(message, cause);
    this.setting = Objects.requireNonNull(setting, "setting");
  }

  /** The setting this exception is about, as the user writes it; empty when it names none. */
  public Optional<String> setting() {
    return Optional.ofNullable(setting);
  }
}
