package dev.hookline.receiver.standardwebhooks;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.signature.SignatureScheme;
import dev.hookline.receiver.signature.SignatureVerifier;
import java.util.List;

/**
 * Entry point for Standard Webhooks (and Svix) endpoints.
 *
 * <p><b>Events.</b> Reads a Standard Webhooks payload {@code {"type": …, "timestamp": …, "data":
 * {…}}}: the topic is {@code type}, the id and idempotency key are the {@code webhook-id} (or
 * {@code svix-id}) header. When there is no {@code data} object the whole body is the data. The id
 * and the type are bounded (to 256 characters each); a {@code timestamp} must be an ISO-8601
 * date-time with offset.
 *
 * <p><b>Signatures.</b> Standard Webhooks (and Svix): {@code webhook-signature} holds
 * space-separated {@code v1,<base64 HMAC-SHA256>} and {@code v1a,<base64 Ed25519>} entries over
 * {@code id.timestamp.body}; {@code svix-*} headers are accepted as aliases. Secrets are {@code
 * whsec_} + base64 of the key.
 */
public final class StandardWebhooks {

  /** The message id header, also the idempotency key. */
  public static final String ID_HEADER = "webhook-id";

  /** The Unix-seconds send time header. */
  public static final String TIMESTAMP_HEADER = "webhook-timestamp";

  /** The signature header. */
  public static final String SIGNATURE_HEADER = "webhook-signature";

  /**
   * Standard Webhooks and Svix (aliases {@code svix}, {@code standardwebhooks}): v1 HMAC secrets,
   * v1a Ed25519 public keys through {@code withPublicKeys}, and its reader.
   */
  public static final Provider PROVIDER =
      Provider.builder("standard-webhooks")
          .alias("svix")
          .alias("standardwebhooks")
          .scheme(StandardWebhooksSignature.builder().ed25519("v1a,", List.of()).scheme())
          .reader(StandardWebhooksEventReader.create())
          .build();

  private StandardWebhooks() {}

  /**
   * A receiver builder preset: v1 signatures checked with the given {@code whsec_} secrets, and the
   * its reader. For v1a use {@code WebhookReceiver.builder()} with {@code
   * StandardWebhooksSignature.ed25519Verifier}.
   */
  public static WebhookReceiver.Builder receiver(String... secrets) {
    return receiver(scheme().verifier(secrets));
  }

  /** The same preset with a verifier built elsewhere, e.g. with its own clock or tolerance. */
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

  /** A v1a (Ed25519) verifier accepting any of the given base64 public keys (raw or X.509 DER). */
  public static SignatureVerifier ed25519Verifier(String... publicKeys) {
    return scheme().withPublicKeys(List.of(publicKeys)).verifier();
  }
}
