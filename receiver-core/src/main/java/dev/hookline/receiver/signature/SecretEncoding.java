package dev.hookline.receiver.signature;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** How a configured secret string becomes key bytes. */
public enum SecretEncoding {
  /** The secret's UTF-8 bytes are the key (Lucca, GitHub, Stripe, Slack, Shopify). */
  TEXT {
    @Override
    byte[] decode(String secret) {
      return secret.getBytes(StandardCharsets.UTF_8);
    }
  },
  /** The secret is standard base64 of the key. */
  BASE64 {
    @Override
    byte[] decode(String secret) {
      return Base64.getDecoder().decode(secret);
    }
  },
  /** Standard Webhooks: an optional {@code whsec_} prefix, then standard base64 of the key. */
  STANDARD_WEBHOOKS {
    @Override
    byte[] decode(String secret) {
      String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
      return Base64.getDecoder().decode(encoded);
    }
  };

  /**
   * Returns the key bytes.
   *
   * @throws IllegalArgumentException if the secret is not valid in this encoding
   */
  abstract byte[] decode(String secret);
}
