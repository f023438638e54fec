package dev.hookline.receiver.lucca;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.RetryStatuses;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.signature.SignatureVerifier;

/**
 * Entry point for Lucca endpoints.
 *
 * <p><b>Events.</b> Reads Lucca's default event resource: {@code id}, {@code topic}, {@code source}
 * (required), {@code occurredAt}, {@code apiVersion}, {@code data}, and {@code previousAttributes}
 * at event level, falling back to {@code data.previousAttributes}. The idempotency key is {@code
 * source|id}. The id, topic and source are bounded ({@code EventJson.MAX_ID_LENGTH}, {@code
 * EventJson.MAX_TOPIC_LENGTH}, {@code EventJson.MAX_SOURCE_LENGTH}).
 *
 * <p>The body is read in one streaming pass, which also rejects a repeated key in any of its
 * objects, as the receiver's mapper would. When the topic comes before {@code data} (the documented
 * order) and the receiver's handlers of that topic bind one type, {@code data} is bound to it
 * during that pass; otherwise it is only delimited, and bound or read as a tree from the raw bytes
 * when a handler asks. No tree of the whole body is built.
 */
public final class Lucca {

  /**
   * Lucca: {@link LuccaSignature}, the {@code LuccaEventReader} (structured and batch CloudEvents
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
   * the given secrets (several during rotation), the {@code LuccaEventReader} (structured and batch
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
