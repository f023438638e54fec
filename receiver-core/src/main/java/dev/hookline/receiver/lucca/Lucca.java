package dev.hookline.receiver.lucca;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.RetryStatuses;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.signature.SignatureVerifier;

/** Entry point for Lucca endpoints. */
public final class Lucca {

  /**
   * Lucca: {@link LuccaSignature}, the {@link LuccaEventReader} (structured and batch CloudEvents
   * are detected per request), the activation challenge on, and 503 with {@code Retry-After} for
   * every outcome to retry (Lucca may drop a 500).
   */
  public static final Provider PROVIDER =
      Provider.builder("lucca")
          .scheme(LuccaSignature.builder().scheme())
          .reader(LuccaEventReader.create())
          .challenge(true)
          .retryStatuses(RetryStatuses.serviceUnavailable())
          .build();

  private Lucca() {}

  /**
   * A receiver builder preset for Lucca, endpoint name {@code lucca}: {@link LuccaSignature} with
   * the given secrets (several during rotation), the {@link LuccaEventReader} (structured and batch
   * CloudEvents are detected per request), the activation challenge on, and 503 with {@code
   * Retry-After} for every outcome to retry (Lucca may drop a 500). Add handlers, then build.
   */
  public static WebhookReceiver.Builder receiver(String... secrets) {
    return receiver(PROVIDER.scheme().orElseThrow().verifier(secrets));
  }

  /**
   * The same preset with a verifier built elsewhere, e.g. with a clock or tolerance of its own:
   * {@code Lucca.receiver(LuccaSignature.builder().secrets(s).clock(clock).build())}.
   */
  public static WebhookReceiver.Builder receiver(SignatureVerifier verifier) {
    return WebhookReceiver.builder().provider(PROVIDER).verifier(verifier);
  }
}
