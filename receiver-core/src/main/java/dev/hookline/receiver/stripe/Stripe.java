package dev.hookline.receiver.stripe;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.signature.SignatureVerifier;

/** Entry point for Stripe endpoints. */
public final class Stripe {

  /** Stripe: {@code Stripe-Signature} and the {@link StripeEventReader}. */
  public static final Provider PROVIDER =
      Provider.builder("stripe")
          .scheme(StripeSignature.builder().scheme())
          .reader(StripeEventReader.create())
          .build();

  private Stripe() {}

  /**
   * A receiver builder preset: {@code Stripe-Signature} with the given secrets, the {@link
   * StripeEventReader}.
   */
  public static WebhookReceiver.Builder receiver(String... secrets) {
    return receiver(PROVIDER.scheme().orElseThrow().verifier(secrets));
  }

  /** The same preset with a verifier built elsewhere, e.g. with its own clock or tolerance. */
  public static WebhookReceiver.Builder receiver(SignatureVerifier verifier) {
    return WebhookReceiver.builder().provider(PROVIDER).verifier(verifier);
  }
}
