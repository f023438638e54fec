package dev.hookline.receiver.standardwebhooks;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.signature.SignatureVerifier;

/** Entry point for Standard Webhooks (and Svix) endpoints. */
public final class StandardWebhooks {

  private StandardWebhooks() {}

  /**
   * A receiver builder preset: v1 signatures checked with the given {@code whsec_} secrets, and the
   * {@link StandardWebhooksEventReader}. For v1a use {@code WebhookReceiver.builder()} with {@link
   * StandardWebhooksSignature#ed25519Verifier}.
   */
  public static WebhookReceiver.Builder receiver(String... secrets) {
    return receiver(StandardWebhooksSignature.verifier(secrets));
  }

  /** The same preset with a verifier built elsewhere, e.g. with its own clock or tolerance. */
  public static WebhookReceiver.Builder receiver(SignatureVerifier verifier) {
    return WebhookReceiver.builder()
        .endpoint("standard-webhooks")
        .verifier(verifier)
        .reader(StandardWebhooksEventReader.create());
  }
}
