package dev.hookline.receiver.arta;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.signature.SignatureVerifier;

/**
 * Entry point for Arta endpoints. Arta documents no signature scheme, so the verifier is an
 * explicit choice: a {@link dev.hookline.receiver.signature.HmacSignature} once the scheme is
 * known, or {@link SignatureVerifier#unverified} behind another protection.
 */
public final class Arta {

  /**
   * Arta: the {@link ArtaEventReader}; no signature scheme, since Arta documents none, so each
   * endpoint chooses its verifier.
   */
  public static final Provider PROVIDER =
      Provider.builder("arta").reader(ArtaEventReader.create()).build();

  private Arta() {}

  /** A receiver builder preset with the chosen verifier and the {@link ArtaEventReader}. */
  public static WebhookReceiver.Builder receiver(SignatureVerifier verifier) {
    return WebhookReceiver.builder().provider(PROVIDER).verifier(verifier);
  }
}
