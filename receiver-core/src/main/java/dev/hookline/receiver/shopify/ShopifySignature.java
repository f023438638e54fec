package dev.hookline.receiver.shopify;

import dev.hookline.receiver.signature.HmacSignature;
import dev.hookline.receiver.signature.SignatureEncoding;
import dev.hookline.receiver.signature.SignatureVerifier;

/**
 * Shopify: {@code X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the raw body>}, keyed with the
 * app's client secret as UTF-8. Shopify signs no timestamp and none of its headers; the reader
 * derives the idempotency key from the body (see {@link ShopifyEventReader}).
 */
final class ShopifySignature {

  private ShopifySignature() {}

  /** A builder preset for Shopify; add {@code secrets(…)}. */
  static HmacSignature.Builder builder() {
    return HmacSignature.builder()
        .signatureHeader(Shopify.SIGNATURE_HEADER)
        .encoding(SignatureEncoding.BASE64);
  }

  /** A Shopify verifier accepting any of the given client secrets (rotation). */
  static SignatureVerifier verifier(String... secrets) {
    return builder().secrets(secrets).build();
  }
}
