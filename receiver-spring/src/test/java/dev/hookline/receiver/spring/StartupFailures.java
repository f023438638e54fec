package dev.hookline.receiver.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.receiver.core.WebhookConfigurationException;
import java.util.Optional;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;

/** What made a test context fail to start, for the starter's configuration tests. */
public final class StartupFailures {

  private StartupFailures() {}

  /** The outermost configuration error in the startup failure: the one naming the property. */
  public static WebhookConfigurationException configurationFailure(
      ApplicationContextAssertProvider<?> context) {
    Throwable failure = context.getStartupFailure();
    while (failure != null && !(failure instanceof WebhookConfigurationException)) {
      failure = failure.getCause();
    }
    assertThat(failure)
        .as("a WebhookConfigurationException caused the startup failure")
        .isNotNull();
    return (WebhookConfigurationException) failure;
  }

  /** The setting named by the configuration error that caused the startup failure. */
  public static Optional<String> setting(ApplicationContextAssertProvider<?> context) {
    return configurationFailure(context).setting();
  }
}
