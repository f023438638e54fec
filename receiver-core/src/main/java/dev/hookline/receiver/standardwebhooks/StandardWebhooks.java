package dev.hookline.receiver.standardwebhooks;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.provider.Provider;
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
 */
public final class StandardWebhooks {

  /**
   * Standard Webhooks and Svix (aliases {@code svix}, {@code standardwebhooks}): v1 HMAC secrets,
   * v1a Ed25519 public keys through {@code withPublicKeys}, and the {@code
   * StandardWebhooksEventReader}.
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
   * {@code StandardWebhooksEventReader}. For v1a use {@code WebhookReceiver.builder()} with {@link
   * StandardWebhooksSignature#ed25519Verifier}.
   */
  public static WebhookReceiver.Builder receiver(String... secrets) {
    return receiver(PROVIDER.scheme().orElseThrow().verifier(secrets));
  }

  /** The same preset with a verifier built elsewhere, e.g. with its own clock or tolerance. */
  public static WebhookReceiver.Builder receiver(SignatureVerifier verifier) {
    return WebhookReceiver.builder().provider(PROVIDER).verifier(verifier);
  }
}
