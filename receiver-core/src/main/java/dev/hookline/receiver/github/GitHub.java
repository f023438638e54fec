package dev.hookline.receiver.github;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.signature.SignatureVerifier;

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
 */
public final class GitHub {

  /** GitHub: {@code X-Hub-Signature-256} and the {@code GitHubEventReader}. */
  public static final Provider PROVIDER =
      Provider.builder("github")
          .scheme(GitHubSignature.builder().scheme())
          .reader(GitHubEventReader.create())
          .build();

  private GitHub() {}

  /**
   * A receiver builder preset: {@code X-Hub-Signature-256} with the given secrets, the {@code
   * GitHubEventReader}.
   */
  public static WebhookReceiver.Builder receiver(String... secrets) {
    return receiver(PROVIDER.scheme().orElseThrow().verifier(secrets));
  }

  /** The same preset with a verifier built elsewhere, e.g. with its own clock or tolerance. */
  public static WebhookReceiver.Builder receiver(SignatureVerifier verifier) {
    return WebhookReceiver.builder().provider(PROVIDER).verifier(verifier);
  }
}
