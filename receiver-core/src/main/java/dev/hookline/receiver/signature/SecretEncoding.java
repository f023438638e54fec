package dev.hookline.receiver.signature;

import java.nio.charset.StandardCharsets;

/** How a configured secret string becomes key bytes. */
public enum SecretEncoding {
  /** The secret's UTF-8 bytes are the key (Lucca, GitHub, Stripe, Slack, Shopify). */
  TEXT {
    @Override
    byte[] decode(String secret) {
      return secret.getBytes(StandardCharsets.UTF_8);
    }
  },
  /** The secret is standard base64 of the key, canonical and padded. */
  BASE64 {
    @Override
    byte[] decode(String secret) {
      return strictBase64(secret);
    }
  },
  /**
   * Standard Webhooks: an optional {@code whsec_} prefix, then standard base64 of the key,
   * canonical and padded.
   */
  STANDARD_WEBHOOKS {
    @Override
    byte[] decode(String secret) {
      return strictBase64(
          secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret);
    }
  };

  private static byte[] strictBase64(String text) {
    if (text.isEmpty()) {
      return new byte[0]; // reported as an empty secret
    }
    byte[] key = SignatureEncoding.BASE64.decode(text);
    if (key == null) {
      throw new IllegalArgumentException("not canonical padded base64");
    }
    return key;
  }

  /**
   * Returns the key bytes.
   *
   * @throws IllegalArgumentException if the secret is not valid in this encoding
   */
  abstract byte[] decode(String secret);
}
