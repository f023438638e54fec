package dev.hookline.receiver.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A configuration error carries the setting it names beside its message. */
class WebhookConfigurationExceptionTest {

  @Test
  void theSettingIsCarriedBesideTheUnchangedMessage() {
    WebhookConfigurationException e =
        new WebhookConfigurationException(
            "hookline.endpoints.lucca.secrets",
            "hookline.endpoints.lucca.secrets must list at least one secret");

    assertThat(e.setting()).contains("hookline.endpoints.lucca.secrets");
    assertThat(e).hasMessage("hookline.endpoints.lucca.secrets must list at least one secret");
    assertThat(e).hasNoCause();
  }

  @Test
  void theSettingIsCarriedWithTheCause() {
    WebhookConfigurationException cause = new WebhookConfigurationException("secret #1 is empty");
    WebhookConfigurationException e =
        new WebhookConfigurationException(
            "hookline.endpoints.lucca", "hookline.endpoints.lucca: secret #1 is empty", cause);

    assertThat(e.setting()).contains("hookline.endpoints.lucca");
    assertThat(e).hasMessage("hookline.endpoints.lucca: secret #1 is empty").hasCause(cause);
    assertThat(cause.setting()).isEmpty();
  }

  @Test
  void anExceptionWithoutASettingNamesNone() {
    IllegalStateException cause = new IllegalStateException("down");

    assertThat(new WebhookConfigurationException("two endpoints on the path \"/x\"").setting())
        .isEmpty();
    assertThat(new WebhookConfigurationException("store failed", cause).setting()).isEmpty();
  }
}
