package dev.hookline.receiver.github;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.event.Framing;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.signature.SignatureScheme;
import dev.hookline.receiver.signature.SignatureVerifier;
import java.util.Set;

/**
 * Entry point for GitHub endpoints.
 *
 * <p><b>Events.</b> Reads a GitHub delivery: the topic is {@code X-GitHub-Event}, followed by
 * {@code .action} when the body has an action ({@code pull_request.opened}); the id is {@code
 * X-GitHub-Delivery}; the data is the whole body. The delivery id and the topic are bounded (to 256
 * characters each).
 *
 * <p>GitHub signs only the body, with no timestamp: {@code X-GitHub-Delivery} and {@code
 * X-GitHub-Event} are not signed, so anyone holding one captured delivery can re-send its body at
 * any time under new headers. The idempotency key is therefore {@code github|} + the SHA-256 of the
 * body (hex), so a re-sent body is a duplicate whatever its headers say; and the event name, the
 * topic's first part, is only as trustworthy as the network path it came over.
 *
 * <p><b>Content types.</b> A webhook's content type may be {@code json} ({@code application/json})
 * or {@code form} ({@code application/x-www-form-urlencoded}, the JSON in the form's {@code
 * payload} field; the default of webhooks created through GitHub's REST API). Both are read: the
 * signature covers the body as sent, the event's body and key are the JSON, so an event delivered
 * in either form is the same key.
 *
 * <p><b>Signatures.</b> GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw
 * body>}. GitHub signs no timestamp and no id: the replay defence is the idempotency key, the
 * body's SHA-256, so a re-sent body is a duplicate for as long as the store remembers its key (the
 * store's retention, 7 days by default, or less if a bounded store evicts it). Keep GitHub keys at
 * least as long as a captured delivery must not run again.
 */
public final class GitHub {

  /** The SHA-256 signature header. */
  public static final String SIGNATURE_HEADER = "X-Hub-Signature-256";

  /** The legacy SHA-1 signature header, read only by {@link #verifierWithLegacySha1}. */
  public static final String LEGACY_SIGNATURE_HEADER = "X-Hub-Signature";

  /** GitHub: {@code X-Hub-Signature-256} and its reader. */
  public static final Provider PROVIDER =
      Provider.builder("github")
          .scheme(GitHubSignature.builder().scheme())
          .reader(GitHubEventReader.create())
          .framings(
              Set.of(
                  Framing.PROVIDER,
                  Framing.CLOUDEVENTS_STRUCTURED,
                  Framing.CLOUDEVENTS_BATCH,
                  Framing.FORM_PAYLOAD))
          .build();

  private GitHub() {}

  /** A receiver builder preset: {@code X-Hub-Signature-256} with the given secrets, its reader. */
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

  /**
   * Checks {@code X-Hub-Signature-256} when present and otherwise falls back to the legacy SHA-1
   * {@code X-Hub-Signature}. Choose it only for GitHub Enterprise versions that send no SHA-256.
   * Its {@link SignatureVerifier#signedHeaders()} are those both checks cover (none: GitHub signs
   * only the body).
   */
  public static SignatureVerifier verifierWithLegacySha1(String... secrets) {
    return GitHubSignature.verifierWithLegacySha1(secrets);
  }
}
