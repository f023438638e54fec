package dev.hookline.receiver.github;

import dev.hookline.receiver.WebhookReceiver;
import dev.hookline.receiver.provider.Provider;
import dev.hookline.receiver.signature.SignatureVerifier;

/** Entry point for GitHub endpoints. */
public final class GitHub {

  /** GitHub: {@code X-Hub-Signature-256} and the {@link GitHubEventReader}. */
  public static final Provider PROVIDER =
      Provider.builder("github")
          .scheme(GitHubSignature.builder().scheme())
          .reader(GitHubEventReader.create())
          .build();

  private GitHub() {}

  /**
   * A receiver builder preset: {@code X-Hub-Signature-256} with the given secrets, the {@link
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
