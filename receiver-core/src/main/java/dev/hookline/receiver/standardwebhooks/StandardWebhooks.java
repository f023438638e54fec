package dev.hookline.receiver.standardwebhooks;

import dev.hookline.receiver.WebhookReceiver;

/** Entry point for Standard Webhooks (and Svix) endpoints. */
public final class StandardWebhooks {

  private StandardWebhooks() {}

  /**
   * A receiver builder preset: v1 signatures checked with the given {@code whsec_} secrets, and the
   * {@link StandardWebhooksEventReader}. For v1a use {@code WebhookReceiver.builder()} with {@link
   * StandardWebhooksSignature#ed25519Verifier}.
   */
  public static WebhookReceiver.Builder receiver(String... secrets) {
    return WebhookReceiver.builder()
        .verifier(StandardWebhooksSignature.verifier(secrets))
        .reader(StandardWebhooksEventReader.create());
  }
}
