package dev.hookline.receiver.shopify;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.signature.SignatureScheme;
import dev.hookline.receiver.signature.SignatureVerifier;

/**
 * Entry point for Shopify endpoints.
 *
 * <p><b>Events.</b> Reads a Shopify delivery: the topic is {@code X-Shopify-Topic} as sent ({@code
 * orders/create}), the id {@code X-Shopify-Webhook-Id} (the same across Shopify's retries of one
 * delivery), the occurrence time {@code X-Shopify-Triggered-At} when present, and the data the
 * whole body, which must be a JSON object. The topic and the id are required and bounded ({@code
 * EventJson.MAX_TOPIC_LENGTH}, {@code EventJson.MAX_ID_LENGTH}); a triggered-at that is not an
 * ISO-8601 date-time with an offset is malformed (400), as every reader's bad time is. Shopify's
 * other headers ({@code X-Shopify-Event-Id}, {@code X-Shopify-Shop-Domain}, {@code
 * X-Shopify-API-Version}) are left in the event's headers.
 *
 * <p>Shopify signs only the body, with no timestamp: none of these headers is signed, so anyone
 * holding one captured delivery can re-send its body at any time under a new topic, webhook id or
 * time. The idempotency key is therefore {@code shopify|} + the SHA-256 of the body (hex), so a
 * re-sent body is a duplicate whatever its headers say and never runs a handler again, under its
 * topic or another; and the topic of a first delivery is only as trustworthy as the network path it
 * came over. Two genuine deliveries of different topics whose bodies are identical byte for byte
 * are one event to the receiver: the first one's handlers run.
 *
 * <p><b>Signatures.</b> Shopify: {@code X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the raw
 * body>}, keyed with the app's client secret as UTF-8. Shopify signs no timestamp and none of its
 * headers; the reader derives the idempotency key from the body (see its reader).
 */
public final class Shopify {

  /** The signature header. */
  public static final String SIGNATURE_HEADER = "X-Shopify-Hmac-Sha256";

  /** Shopify: {@code X-Shopify-Hmac-Sha256} and its reader. */
  public static final Provider PROVIDER =
      Provider.builder("shopify")
          .scheme(ShopifySignature.builder().scheme())
          .reader(ShopifyEventReader.create())
          .build();

  private Shopify() {}

  /**
   * A receiver builder preset, endpoint name {@code shopify}: {@code X-Shopify-Hmac-Sha256} checked
   * with the given client secrets (several during rotation), its reader. Add handlers by topic
   * ({@code orders/create}), then build.
   */
  public static WebhookReceiver.Builder receiver(String... secrets) {
    return receiver(scheme().verifier(secrets));
  }

  /** The same preset with a verifier built elsewhere. */
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
