package dev.hookline.receiver.lucca;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.signature.SignatureVerifier;

/** Entry point for Lucca endpoints. */
public final class Lucca {

  private Lucca() {}

  /**
   * A receiver builder preset for Lucca: {@link LuccaSignature} with the given secrets (several
   * during rotation), the {@link LuccaEventReader} (CloudEvents framings are detected per request)
   * and the activation challenge on. Add handlers, then build.
   */
  public static WebhookReceiver.Builder receiver(String... secrets) {
    return receiver(LuccaSignature.verifier(secrets));
  }

  /**
   * The same preset with a verifier built elsewhere, e.g. with a clock or tolerance of its own:
   * {@code Lucca.receiver(LuccaSignature.builder().secrets(s).clock(clock).build())}.
   */
  public static WebhookReceiver.Builder receiver(SignatureVerifier verifier) {
    return WebhookReceiver.builder()
        .verifier(verifier)
        .reader(LuccaEventReader.create())
        .challenge(true);
  }
}
