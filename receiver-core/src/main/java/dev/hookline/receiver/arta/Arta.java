package dev.hookline.receiver.arta;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.signature.SignatureVerifier;

/**
 * Entry point for Arta endpoints. Arta documents no signature scheme, so the verifier is an
 * explicit choice: a {@link dev.hookline.receiver.signature.HmacSignature} once the scheme is
 * known, or {@link SignatureVerifier#unverified} behind another protection.
 *
 * <p><b>Events.</b> Reads Arta's envelope {@code {"data": …, "object": …, "type": …}}: {@code type}
 * is the topic and {@code data} the data. Arta sends no event id, so the id and idempotency key are
 * the SHA-256 of the raw body (hex): an identical retry is a duplicate. The type is bounded by
 * {@code EventJson.MAX_TOPIC_LENGTH}.
 */
public final class Arta {

  /**
   * Arta: its reader; no signature scheme, since Arta documents none, so each endpoint chooses its
   * verifier.
   */
  public static final Provider PROVIDER =
      Provider.builder("arta").reader(ArtaEventReader.create()).build();

  private Arta() {}

  /** A receiver builder preset with the chosen verifier and its reader. */
  public static WebhookReceiver.Builder receiver(SignatureVerifier verifier) {
    return WebhookReceiver.builder().provider(PROVIDER).verifier(verifier);
  }
}
