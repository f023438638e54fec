package dev.hookline.receiver.lucca;

import dev.hookline.receiver.signature.HmacSignature;
import dev.hookline.receiver.signature.SignatureEncoding;
import dev.hookline.receiver.signature.SignatureVerifier;
import dev.hookline.receiver.signature.TimestampFormat;

/**
 * Lucca's scheme: {@code Lucca-Signature} = base64(HMAC-SHA256(secret as UTF-8, {@code
 * Lucca-Timestamp} header text + "." + raw body)), the timestamp in ISO-8601 within ±5 minutes.
 */
final class LuccaSignature {

  private LuccaSignature() {}

  /** A builder preset for Lucca; add {@code secrets(…)}, optionally a tolerance and a clock. */
  static HmacSignature.Builder builder() {
    return HmacSignature.builder()
        .signatureHeader(Lucca.SIGNATURE_HEADER)
        .encoding(SignatureEncoding.BASE64)
        .timestampHeader(TimestampFormat.ISO_8601, Lucca.TIMESTAMP_HEADER)
        .signedContent("{timestamp}.{body}");
  }

  /** A Lucca verifier accepting any of the given endpoint secrets (rotation). */
  static SignatureVerifier verifier(String... secrets) {
    return builder().secrets(secrets).build();
  }
}
