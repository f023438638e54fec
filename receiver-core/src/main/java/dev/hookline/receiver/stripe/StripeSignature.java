package dev.hookline.receiver.stripe;

import dev.hookline.receiver.signature.HmacSignature;
import dev.hookline.receiver.signature.SignatureEncoding;
import dev.hookline.receiver.signature.SignatureVerifier;
import dev.hookline.receiver.signature.TimestampFormat;

/**
 * Stripe: {@code Stripe-Signature: t=<unix s>,v1=<hex>[,v1=…][,v0=…]}, HMAC-SHA256 over {@code t +
 * "." + body} keyed with the whole secret string ({@code whsec_…} is not decoded). Only {@code v1}
 * entries count.
 */
final class StripeSignature {

  private StripeSignature() {}

  /** A builder preset for Stripe; add {@code secrets(…)}. */
  static HmacSignature.Builder builder() {
    return HmacSignature.builder()
        .signatureHeader(Stripe.SIGNATURE_HEADER)
        .separator(",")
        .prefix("v1=")
        .encoding(SignatureEncoding.HEX)
        .timestampEntry("t=", TimestampFormat.UNIX_SECONDS)
        .signedContent("{timestamp}.{body}");
  }

  /** A Stripe verifier accepting any of the given endpoint secrets. */
  static SignatureVerifier verifier(String... secrets) {
    return builder().secrets(secrets).build();
  }
}
