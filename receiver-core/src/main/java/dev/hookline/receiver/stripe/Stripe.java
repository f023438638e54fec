package dev.hookline.receiver.stripe;

import dev.hookline.receiver.WebhookReceiver;

/** Entry point for Stripe endpoints. */
public final class Stripe {

  private Stripe() {}

  /**
   * A receiver builder preset: {@code Stripe-Signature} with the given secrets, the {@link
   * StripeEventReader}.
   */
  public static WebhookReceiver.Builder receiver(String... secrets) {
    return WebhookReceiver.builder()
        .verifier(StripeSignature.verifier(secrets))
        .reader(StripeEventReader.create());
  }
}
