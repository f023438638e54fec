package dev.hookline.receiver.standardwebhooks;

import dev.hookline.receiver.signature.HmacSignature;
import dev.hookline.receiver.signature.SecretEncoding;
import dev.hookline.receiver.signature.SignatureEncoding;
import dev.hookline.receiver.signature.SignatureVerifier;
import dev.hookline.receiver.signature.TimestampFormat;
import java.util.List;

/**
 * Standard Webhooks (and Svix): {@code webhook-signature} holds space-separated {@code v1,<base64
 * HMAC-SHA256>} and {@code v1a,<base64 Ed25519>} entries over {@code id.timestamp.body}; {@code
 * svix-*} headers are accepted as aliases. Secrets are {@code whsec_} + base64 of the key.
 */
final class StandardWebhooksSignature {

  private StandardWebhooksSignature() {}

  /**
   * A builder preset for Standard Webhooks; add {@code secrets(…)} for v1 and/or {@code
   * ed25519("v1a,", keys)} for v1a.
   */
  static HmacSignature.Builder builder() {
    return HmacSignature.builder()
        .signatureHeader(StandardWebhooks.SIGNATURE_HEADER, "svix-signature")
        .idHeader(StandardWebhooks.ID_HEADER, "svix-id")
        .timestampHeader(
            TimestampFormat.UNIX_SECONDS, StandardWebhooks.TIMESTAMP_HEADER, "svix-timestamp")
        .signedContent("{id}.{timestamp}.{body}")
        .separator(" ")
        .prefix("v1,")
        .encoding(SignatureEncoding.BASE64)
        .secretEncoding(SecretEncoding.STANDARD_WEBHOOKS);
  }

  /** A v1 (HMAC) verifier accepting any of the given {@code whsec_} secrets. */
  static SignatureVerifier verifier(String... secrets) {
    return builder().secrets(secrets).build();
  }

  /** A v1a (Ed25519) verifier accepting any of the given base64 public keys (raw or X.509 DER). */
  static SignatureVerifier ed25519Verifier(String... publicKeys) {
    return builder().ed25519("v1a,", List.of(publicKeys)).build();
  }
}
