package dev.hookline.receiver.stripe;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.event.OrderingKey;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.signature.SignatureScheme;
import dev.hookline.receiver.signature.SignatureVerifier;

/**
 * Entry point for Stripe endpoints.
 *
 * <p><b>Events.</b> Reads a Stripe event: {@code id} (the idempotency key), {@code type} (the
 * topic), {@code data.object} (the data), {@code data.previous_attributes}, {@code created} (Unix
 * seconds) and {@code api_version}. The id and the type are bounded (to 256 characters each).
 *
 * <p><b>Signatures.</b> Stripe: {@code Stripe-Signature: t=<unix s>,v1=<hex>[,v1=…][,v0=…]},
 * HMAC-SHA256 over {@code t + "." + body} keyed with the whole secret string ({@code whsec_…} is
 * not decoded). Only {@code v1} entries count.
 */
public final class Stripe {

  /** The signature header. */
  public static final String SIGNATURE_HEADER = "Stripe-Signature";

  /** Stripe: {@code Stripe-Signature} and its reader. */
  public static final Provider PROVIDER =
      Provider.builder("stripe")
          .scheme(StripeSignature.builder().scheme())
          .reader(StripeEventReader.create())
          .orderingKey(OrderingKey.dataFields("/id"))
          .build();

  private Stripe() {}

  /** A receiver builder preset: {@code Stripe-Signature} with the given secrets, its reader. */
  public static WebhookReceiver.Builder receiver(String... secrets) {
    return receiver(scheme().verifier(secrets));
  }

  /** The same preset with a verifier built elsewhere, e.g. with its own clock or tolerance. */
  public static WebhookReceiver.Builder receiver(SignatureVerifier verifier) {
    return WebhookReceiver.builder().provider(PROVIDER).verifier(verifier);
  }

  /**
   * The provider's signature scheme: {@code verifier(secrets…)} for a receiver, {@code
   * signer(secret)} for a sender or a test, {@code withClock} and {@code withTolerance} for another
   * clock or window.
   */
  public static SignatureScheme scheme() {
    return PROVIDER.scheme().orElseThrow();
  }
}
