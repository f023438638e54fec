package dev.hookline.receiver.lucca;

import dev.hookline.receiver.WebhookReceiver;

/** Entry point for Lucca endpoints. */
public final class Lucca {

  private Lucca() {}

  /**
   * A receiver builder preset for Lucca: {@link LuccaSignature} with the given secrets (several
   * during rotation), the {@link LuccaEventReader} (CloudEvents framings are detected per request)
   * and the activation challenge on. Add handlers, then build.
   */
  public static WebhookReceiver.Builder receiver(String... secrets) {
    return WebhookReceiver.builder()
        .verifier(LuccaSignature.verifier(secrets))
        .reader(LuccaEventReader.create())
        .challenge(true);
  }
}
