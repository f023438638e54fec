package dev.hookline.receiver.stripe;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.signature.SignatureVerifier;

/**
 * Entry point for Stripe endpoints.
 *
 * <p><b>Events.</b> Reads a Stripe event: {@code id} (the idempotency key), {@code type} (the
 * topic), {@code data.object} (the data), {@code data.previous_attributes}, {@code created} (Unix
 * seconds) and {@code api_version}. The id and the type are bounded (to 256 characters each).
 */
public final class Stripe {

  /** Stripe: {@code Stripe-Signature} and the {@code StripeEventReader}. */
  public static final Provider PROVIDER =
      Provider.builder("stripe")
          .scheme(StripeSignature.builder().scheme())
          .reader(StripeEventReader.create())
          .build();

  private Stripe() {}

  /**
   * A receiver builder preset: {@code Stripe-Signature} with the given secrets, the {@code
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
