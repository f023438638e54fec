package dev.hookline.receiver.lucca;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.core.RetryStatuses;
import dev.hookline.receiver.event.OrderingKey;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.signature.SignatureScheme;
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
 *
 * <p><b>Signatures.</b> Lucca's scheme: {@code Lucca-Signature} = base64(HMAC-SHA256(secret as
 * UTF-8, {@code Lucca-Timestamp} header text + "." + raw body)), the timestamp in ISO-8601 within
 * ±5 minutes.
 */
public final class Lucca {

  /** The header carrying the base64 signature. */
  public static final String SIGNATURE_HEADER = "Lucca-Signature";

  /** The header carrying the ISO-8601 send time. */
  public static final String TIMESTAMP_HEADER = "Lucca-Timestamp";

  /**
   * Lucca: its signature scheme ({@link #scheme()}), its reader (structured and batch CloudEvents
   * are detected per request), the activation challenge on, and 503 with {@code Retry-After} for
   * every outcome to retry (Lucca may drop a 500).
   */
  public static final Provider PROVIDER =
      Provider.builder("lucca")
          .scheme(LuccaSignature.builder().scheme())
          .reader(LuccaEventReader.create())
          .challenge(true)
          .retryStatuses(RetryStatuses.serviceUnavailable())
          .orderingKey(OrderingKey.dataFields("/type", "/id"))
          .build();

  private Lucca() {}

  /**
   * A receiver builder preset for Lucca, endpoint name {@code lucca}: its signature scheme ({@link
   * #scheme()}) with the given secrets (several during rotation), its reader (structured and batch
   * CloudEvents are detected per request), the activation challenge on, and 503 with {@code
   * Retry-After} for every outcome to retry (Lucca may drop a 500). Add handlers, then build.
   */
  public static WebhookReceiver.Builder receiver(String... secrets) {
    return receiver(scheme().verifier(secrets));
  }

  /**
   * The same preset with a verifier built elsewhere, e.g. with a clock or tolerance of its own:
   * {@code Lucca.receiver(Lucca.scheme().withClock(clock).verifier(s))}.
   */
  public static WebhookReceiver.Builder receiver(SignatureVerifier verifier) {
    return WebhookReceiver.builder().provider(PROVIDER).verifier(verifier);
  }

  /**
   * The provider's signature scheme: {@code verifier(secrets…)} for a receiver, {@code
   * signer(secret)} for a sender or a test, {@code withClock} and {@code withTolerance} for another
   * clock or window.
   */
  public static SignatureScheme scheme() {
    return PROVIDER.scheme().orElseThrow();
  }
}
